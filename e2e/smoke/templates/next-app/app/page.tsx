import { Captions } from './captions';

export default function Page() {
  return <Captions />;
}
