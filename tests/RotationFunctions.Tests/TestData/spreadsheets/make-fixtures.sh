#!/usr/bin/env bash
# Makes the spreadsheet fixtures with a real spreadsheet program, LibreOffice Calc (Debian:
# apt-get install -y --no-install-recommends libreoffice-calc; made with 7.4.7.2). The tests read the
# committed output and never run LibreOffice. The .fods files are the sheets as typed: dates and
# booleans are typed cells, in a Swedish (sv-SE) and an English (en-US) locale.
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
convert() { soffice --headless -env:UserInstallation="file://$out/profile" --convert-to "$1" --outdir "$out" "$2" >/dev/null 2>&1; }

# Swedish Excel's "CSV (semikolonavgränsad)": ';', '"' quotes, Windows-1252, first line the header.
convert 'csv:Text - txt - csv (StarCalc):59,34,1252,1' schedule-sv.fods && mv "$out/schedule-sv.csv" schedule-sv-semicolon-1252.csv
# English Excel's "CSV UTF-8 (Comma delimited)": ',', UTF-8 (76).
convert 'csv:Text - txt - csv (StarCalc):44,34,76,1' schedule-en.fods && mv "$out/schedule-en.csv" schedule-en-comma-utf8.csv
convert xlsx schedule-sv.fods && mv "$out/schedule-sv.xlsx" schedule-sv.xlsx
convert xlsx empty-sv.fods && mv "$out/empty-sv.xlsx" empty-sv.xlsx
# Files import must refuse by what they are: an OpenDocument sheet (a zip, not a workbook) and an Excel 97–2003 .xls.
convert ods schedule-sv.fods && mv "$out/schedule-sv.ods" schedule-sv.ods
convert xls schedule-sv.fods && mv "$out/schedule-sv.xls" schedule-sv.xls
ls -l
