# Build gongkai-setup-<version>.exe on a Windows PC or runner with Python 3.11 and NSIS (makensis on PATH).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
python -m venv .venv
.\.venv\Scripts\python -m pip install -e ".[build]"
$version = .\.venv\Scripts\python -c "import app; print(app.__version__)"
New-Item -ItemType Directory -Force build\stage | Out-Null
$date = Get-Date -Format "yyyy-MM-dd"
$commit = (git rev-parse --short HEAD)
"{""build_date"": ""$date"", ""commit"": ""$commit""}" | Out-File -Encoding utf8 build\stage\build-info.json
# The icon: rendered from the SVG with Qt.
$env:QT_QPA_PLATFORM = "offscreen"
.\.venv\Scripts\python installer\render_icon.py resources\icons\gongkai.svg installer\windows\gongkai.ico 256
# Official fonts (仿宋_GB2312, SimSun …) are on every Windows PC and are found at run time; nothing is bundled.
.\.venv\Scripts\python -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller installer\gongkai.spec
.\dist\gongkai\gongkai.exe --version
# The bundled OCR runtime reads a rendered page (redaction of scans needs it; nothing is fetched at run time).
.\dist\gongkai\gongkai.exe redact check-ocr
if ($LASTEXITCODE -ne 0) { throw "OCR runtime missing from the bundle" }
makensis /DVERSION=$version installer\windows\gongkai.nsi
