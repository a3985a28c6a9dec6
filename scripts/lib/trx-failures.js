// Prints one line per failed test in the given TRX files: "<test name>\t<first line of its error>".
// Used by scripts/flake-hunt.sh (node is already required for the dashboard, so no other tool is needed).
"use strict";
const fs = require("fs");

const failedOutcomes = new Set(["Failed", "Timeout", "Aborted", "Error"]);

function unescapeXml(text) {
  return text
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, "&");
}

function attribute(tag, name) {
  const match = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return match ? unescapeXml(match[1]) : "";
}

for (const file of process.argv.slice(2)) {
  const xml = fs.readFileSync(file, "utf8");
  // A result is either self-closing (no output) or runs to its closing tag.
  const results = xml.match(/<UnitTestResult\s[^>]*?(\/>|>[\s\S]*?<\/UnitTestResult>)/g) ?? [];
  for (const result of results) {
    const startTag = result.match(/<UnitTestResult\s[^>]*>/)[0];
    if (!failedOutcomes.has(attribute(startTag, "outcome"))) continue;
    const message = result.match(/<Message>([\s\S]*?)<\/Message>/);
    const firstLine = message
      ? unescapeXml(message[1]).split("\n").map(line => line.trim()).find(line => line.length > 0) ?? ""
      : `(no error message; outcome ${attribute(startTag, "outcome")})`;
    console.log(`${attribute(startTag, "testName")}\t${firstLine.slice(0, 400)}`);
  }
}
