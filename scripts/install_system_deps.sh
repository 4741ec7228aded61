#!/usr/bin/env bash
# Debian packages the test suite needs: headless Chromium for the browser tests and the
# screenshots, CJK fonts so Chinese renders (in the browser and in chart images), poppler for
# PDF pages as images, and LibreOffice Impress to prove the exported deck opens.
# Installs only what is missing; needs root (or sudo) for apt-get.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -i "noto.*cjk" >/dev/null || need+=(fonts-noto-cjk)  # no -q: with pipefail an early exit is SIGPIPE
# the brief's PDF font: a TrueType CJK font keeps 支 as 支 in the PDF's text (Chromium embeds the
# CFF-based Noto CJK as Type 3 glyphs that text extractors read as Kangxi radicals, ⽀)
fc-list 2>/dev/null | grep -i "micro hei" >/dev/null || need+=(fonts-wqy-microhei)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-impress)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${need[*]}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
