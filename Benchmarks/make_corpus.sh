#!/usr/bin/env bash
# Regenerates Sources/rnn/Corpus/BundledCorpus.swift (Macbeth) from ../shared/data/shakespeare.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/data/shakespeare.txt}
python3 - "$src" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
text = "\n".join(lines[6770:10922]) + "\n"   # lines 6771-10922: Macbeth
assert text.startswith("MACBETH") and '"""#' not in text
out = ("// The default corpus of `rnn train --task charlm` (used when --data is not given):\n"
       "// Macbeth by William Shakespeare, public domain (Project Gutenberg transcription, as in\n"
       "// ../shared/data/shakespeare.txt of this project's data). Embedded in the binary so the\n"
       "// tool needs no resource files. Regenerate with Benchmarks/make_corpus.sh.\n"
       'let bundledCorpusName = "Macbeth (William Shakespeare, public domain)"\n'
       'let bundledCorpus = #"""\n' + text + '"""#\n')
open("Sources/rnn/Corpus/BundledCorpus.swift", "w", encoding="utf-8").write(out)
PY
