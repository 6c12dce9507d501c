// Builds with webpack's Node API (webpack-cli 7 needs Node 22); exits 1 on any error.
import webpack from 'webpack';
import config from './webpack.config.js';

webpack(config, (err, stats) => {
  if (err || stats.hasErrors()) {
    console.error(err ?? stats.toString('errors-only'));
    process.exit(1);
  }
  console.log(stats.toString({ preset: 'summary', assets: true }));
});
