// Measures each text of cases.txt (one JSON string per line) with the published twitter-text npm
// package and prints what it says, as the tests' npm-3.1.0.json. Run by scripts/twitter-text-reference.sh.
const fs = require("fs");
const twitter = require(process.argv[2]);
const texts = fs.readFileSync(process.argv[3], "utf8").split("\n").filter(l => l.trim()).map(l => JSON.parse(l));
const cases = texts.map(text => {
  const r = twitter.parseTweet(text);
  return { text, weightedLength: r.weightedLength, valid: r.valid, urls: twitter.extractUrls(text) };
});
process.stdout.write(JSON.stringify({ package: "twitter-text@3.1.0", cases }, null, 2) + "\n");
