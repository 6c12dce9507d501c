import { ReactCaptions } from './react-captions';

export default function Page() {
  return <ReactCaptions />;
}
