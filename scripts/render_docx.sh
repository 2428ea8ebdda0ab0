#!/usr/bin/env bash
# Render an exported report (.docx) to PDF and one PNG per page, so a person can look at the layout.
#
# Usage:   scripts/render_docx.sh REPORT.docx [OUT_DIR] [DPI]
# Writes:  OUT_DIR/REPORT.pdf and OUT_DIR/REPORT-1.png, REPORT-2.png, …  (OUT_DIR defaults to the docx's folder)
# Needs (Debian/Ubuntu, for this script only, not for the tests):
#   apt-get update && apt-get install -y --no-install-recommends \
#       libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming
#
# The official-document fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) are not free, so for the
# preview only they are mapped to free look-alikes through a private fontconfig file:
#   方正小标宋简体 -> Noto Serif CJK SC Bold,  仿宋_GB2312 / 宋体 -> Noto Serif CJK SC,
#   黑体 -> Noto Sans CJK SC,  楷体_GB2312 -> AR PL UKai CN,  Times New Roman -> Liberation Serif.
# On a machine with the real fonts installed, Word and LibreOffice use those instead.
set -euo pipefail

docx=${1:?"用法：scripts/render_docx.sh 报告.docx [输出目录] [分辨率DPI]"}
out=${2:-$(dirname "$docx")}
dpi=${3:-100}
name=$(basename "${docx%.*}")
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "缺少 $tool：请先安装 libreoffice-writer-nogui 和 poppler-utils（见本脚本开头）。" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
substitute() {  # $1 the font the document names, $2 the installed font, $3 its weight
    printf '  <match target="pattern"><test name="family"><string>%s</string></test>\n' "$1"
    printf '    <edit name="family" mode="assign" binding="strong"><string>%s</string></edit>\n' "$2"
    printf '    <edit name="weight" mode="assign" binding="strong"><const>%s</const></edit></match>\n' "$3"
}
{
    echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
    echo '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
    substitute "方正小标宋简体" "Noto Serif CJK SC" bold
    substitute "仿宋_GB2312" "Noto Serif CJK SC" regular
    substitute "宋体" "Noto Serif CJK SC" regular
    substitute "黑体" "Noto Sans CJK SC" regular
    substitute "楷体_GB2312" "AR PL UKai CN" regular
    substitute "Times New Roman" "Liberation Serif" regular
    echo '</fontconfig>'
} > "$work/fonts.conf"

mkdir -p "$out"
FONTCONFIG_FILE="$work/fonts.conf" soffice --headless "-env:UserInstallation=file://$work/profile" \
    --convert-to pdf --outdir "$out" "$docx" >/dev/null
pdftoppm -png -r "$dpi" "$out/$name.pdf" "$out/$name"
ls "$out/$name".pdf "$out/$name"-*.png
