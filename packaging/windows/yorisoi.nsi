; Yorisoi (よりそい): optional per-user installer for Windows x64 (NSIS 3, Unicode).
;
; Build it with scripts/package-windows.sh, or by hand:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DSTAGE=/path/to/stage \
;            -DOUTFILE=/path/to/yorisoi-0.1.0-x64-user-setup.exe packaging/windows/yorisoi.nsi
; (-INPUTCHARSET UTF8: this file is UTF-8 without a BOM; the Japanese strings need it.)
;
; The MSI (yorisoi.wxs) is the normal way to deploy: per-machine, under Program Files, allowed by
; AppLocker's default rules. This installer is for a PC where the officer has no administrator
; rights: it installs into %LOCALAPPDATA%\Programs\Yorisoi without elevation.
;
; Rules (the same as the MSI's):
; - Nothing is downloaded. Without the WebView2 runtime it stops with a Japanese message.
; - The uninstaller deletes the files this installer wrote, by name, and nothing else. The roster
;   lives in %LOCALAPPDATA%\Yorisoi\Yorisoi\data (roster.db, -wal, -shm), the settings in
;   %LOCALAPPDATA%\jp.yorisoi.desktop, the roles file in %ProgramData%\Yorisoi: no wildcard, no
;   RMDir /r, no path outside $INSTDIR and the one shortcut is ever deleted.
; - No PATH change, no file associations.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "Pass the version: makensis -DVERSION=MAJOR.MINOR.PATCH"
!endif
!ifndef STAGE
  !error "Pass the staging folder: makensis -DSTAGE=/path/to/stage"
!endif
!ifndef OUTFILE
  !define OUTFILE "yorisoi-${VERSION}-x64-user-setup.exe"
!endif

!define PRODUCT_NAME "よりそい"
!define APP_EXE "yorisoi-desktop.exe"
; Per-user entry in Apps & features. Its own key name, so it never collides with the MSI's
; entry (which Windows Installer keys by ProductCode under HKLM).
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Yorisoi"
!define WV2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WV2_MISSING "Microsoft Edge WebView2 ランタイムが見つかりません。Windows Update を実行するか、情報システム担当にWebView2ランタイム（Evergreen スタンドアロン版）の配布を依頼してから、もう一度インストールしてください。"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${PRODUCT_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Yorisoi"
BrandingText "${PRODUCT_NAME} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

; File properties of the setup exe (VIProductVersion needs four numbers).
VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"

!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Japanese"

VIAddVersionKey /LANG=${LANG_JAPANESE} "ProductName" "${PRODUCT_NAME}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "FileDescription" "${PRODUCT_NAME} セットアップ（ユーザー単位）"
VIAddVersionKey /LANG=${LANG_JAPANESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "LegalCopyright" "MIT OR Apache-2.0 (IPA Font License v1.0 for the fonts)"

; Is the WebView2 runtime installed? Microsoft's documented detection: value "pv" of the
; EdgeUpdate client key, per-machine (WOW6432Node on 64-bit Windows, or the plain key) or
; per-user; missing, empty or "0.0.0.0" means not installed.
!macro WV2_TRY ROOT KEY
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 ${ROOT} "${KEY}" "pv"
  ${EndIf}
!macroend

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "よりそいは 64 ビット版（x64）の Windows 10 / 11 が必要です。" /SD IDOK
    Abort
  ${EndIf}

  StrCpy $0 ""
  SetRegView 64
  !insertmacro WV2_TRY HKLM "SOFTWARE\WOW6432Node\${WV2_CLIENT}"
  !insertmacro WV2_TRY HKLM "SOFTWARE\${WV2_CLIENT}"
  !insertmacro WV2_TRY HKCU "Software\${WV2_CLIENT}"
  SetRegView lastused
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_OK|MB_ICONSTOP "${WV2_MISSING}" /SD IDOK
    Abort
  ${EndIf}

  ; The per-machine MSI already installed: a second copy would only add a second 「よりそい」
  ; to the Start menu. Allowed (the officer may want it), but asked; silent installs go on.
  ${If} ${FileExists} "$PROGRAMFILES64\Yorisoi\${APP_EXE}"
    MessageBox MB_YESNO|MB_ICONQUESTION "よりそいは、この PC にすでにインストールされています（$PROGRAMFILES64\Yorisoi）。$\r$\nユーザー単位でもう 1 つインストールしますか？" /SD IDYES IDYES install_anyway
    Abort
    install_anyway:
  ${EndIf}
FunctionEnd

Section "よりそい" SecMain
  SectionIn RO

  SetOutPath "$INSTDIR"
  File "${STAGE}/yorisoi-desktop.exe"
  File "${STAGE}/yorisoi.exe"
  ; Tauri loads WebView2Loader.dll from beside the exe.
  File "${STAGE}/WebView2Loader.dll"
  !if /FileExists "${STAGE}/install-windows.md"
    File "${STAGE}/install-windows.md"
  !endif

  ; IPAmj明朝, read by the app from its own folder (not installed as a system font).
  SetOutPath "$INSTDIR\fonts"
  File "${STAGE}/fonts/ipamjm.ttf"

  ; Listed by name so that the uninstaller can delete exactly these; package-windows.sh refuses
  ; to build when the staging folder holds a licence file that is not listed here.
  SetOutPath "$INSTDIR\licenses"
  File "${STAGE}/licenses/LICENSE-MIT"
  File "${STAGE}/licenses/LICENSE-APACHE"
  File "${STAGE}/licenses/IPA_Font_License_Agreement_v1.0.txt"
  File "${STAGE}/licenses/IPAmj_IPA_Font_License_Agreement_v1.0.txt"
  File "${STAGE}/licenses/IPAmj_Readme.txt"
  File "${STAGE}/licenses/README.txt"

  ; The shortcut's working directory is the current output path.
  SetOutPath "$INSTDIR"
  CreateShortcut "$SMPROGRAMS\${PRODUCT_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "避難行動要支援者名簿"

  WriteUninstaller "$INSTDIR\uninstall.exe"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT_NAME}（ユーザー単位）"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "Yorisoi"
  WriteRegStr HKCU "${UNINST_KEY}" "Comments" "避難行動要支援者名簿"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

; Deletes by name what the section above wrote. RMDir without /r removes a folder only when it
; is empty, so anything else that ended up in $INSTDIR stays. Never $LOCALAPPDATA\Yorisoi.
Section "Uninstall"
  Delete "$SMPROGRAMS\${PRODUCT_NAME}.lnk"

  Delete "$INSTDIR\yorisoi-desktop.exe"
  Delete "$INSTDIR\yorisoi.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\install-windows.md"
  Delete "$INSTDIR\fonts\ipamjm.ttf"
  Delete "$INSTDIR\licenses\LICENSE-MIT"
  Delete "$INSTDIR\licenses\LICENSE-APACHE"
  Delete "$INSTDIR\licenses\IPA_Font_License_Agreement_v1.0.txt"
  Delete "$INSTDIR\licenses\IPAmj_IPA_Font_License_Agreement_v1.0.txt"
  Delete "$INSTDIR\licenses\IPAmj_Readme.txt"
  Delete "$INSTDIR\licenses\README.txt"
  Delete "$INSTDIR\uninstall.exe"

  RMDir "$INSTDIR\fonts"
  RMDir "$INSTDIR\licenses"
  RMDir "$INSTDIR"

  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
