; Policy Credit Desk's Windows installer, built by `make windows-installer` with makensis:
;   makensis -DRES=bin/windows -DBIN=bin -DOUT=bin/PolicyCreditDesk-setup.exe windows/installer.nsi
; It installs for every user of the PC under Program Files, with shortcuts in Vietnamese. The
; office's data lives in each user's %LOCALAPPDATA%\PolicyCredit, which the installer never
; writes and the uninstaller never deletes.
Unicode true
; 64-bit installer: the app is 64-bit, and Windows 10/11 64-bit run it natively.
Target amd64-unicode
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "${RES}/version.nsh"

!define REG_UNINSTALL "Software\Microsoft\Windows\CurrentVersion\Uninstall\PolicyCreditDesk"
!define REG_APP "Software\Classes\Applications\policycredit.exe"
; Shortcut names, in Vietnamese.
!define SHORTCUT "Quản lý tín dụng chính sách"
!define UNINSTALL_SHORTCUT "Gỡ cài đặt ${APP_NAME}"

Name "${APP_NAME}"
Caption "${APP_NAME} ${APP_VERSION}"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\${APP_NAME}"
InstallDirRegKey HKLM "${REG_UNINSTALL}" "InstallLocation"
RequestExecutionLevel admin
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${APP_VERSION4}"
VIFileVersion "${APP_VERSION4}"
VIAddVersionKey /LANG=1066 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1066 "FileDescription" "Cài đặt ${APP_NAME}"
VIAddVersionKey /LANG=1066 "FileVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=1066 "ProductVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=1066 "LegalCopyright" "${APP_NAME}"

!define MUI_ICON "${RES}/policycredit.ico"
!define MUI_UNICON "${RES}/policycredit.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\policycredit.exe"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Section "Install"
	SetRegView 64
	SetShellVarContext all
	SetOutPath "$INSTDIR"
	File "${BIN}/policycredit.exe"
	File "${BIN}/policycredit-cli.exe"
	WriteUninstaller "$INSTDIR\uninstall.exe"

	CreateDirectory "$SMPROGRAMS\${APP_NAME}"
	CreateShortcut "$SMPROGRAMS\${APP_NAME}\${SHORTCUT}.lnk" "$INSTDIR\policycredit.exe" "" "$INSTDIR\policycredit.exe" 0 \
		SW_SHOWNORMAL "" "Cho vay, thu nợ và báo cáo của phòng giao dịch"
	CreateShortcut "$SMPROGRAMS\${APP_NAME}\${UNINSTALL_SHORTCUT}.lnk" "$INSTDIR\uninstall.exe"
	CreateShortcut "$DESKTOP\${SHORTCUT}.lnk" "$INSTDIR\policycredit.exe" "" "$INSTDIR\policycredit.exe" 0 \
		SW_SHOWNORMAL "" "Cho vay, thu nợ và báo cáo của phòng giao dịch"

	; "Open with" for spreadsheets to import, without taking .xlsx or .csv from Excel: the
	; app is listed among the programs that can open them, never made their default.
	WriteRegStr HKLM "${REG_APP}" "FriendlyAppName" "${APP_NAME}"
	WriteRegStr HKLM "${REG_APP}\shell\open\command" "" '"$INSTDIR\policycredit.exe" --import-file "%1"'
	WriteRegStr HKLM "${REG_APP}\SupportedTypes" ".xlsx" ""
	WriteRegStr HKLM "${REG_APP}\SupportedTypes" ".csv" ""
	WriteRegStr HKLM "Software\Classes\.xlsx\OpenWithList\policycredit.exe" "" ""
	WriteRegStr HKLM "Software\Classes\.csv\OpenWithList\policycredit.exe" "" ""

	; Apps & features.
	WriteRegStr HKLM "${REG_UNINSTALL}" "DisplayName" "${APP_NAME}"
	WriteRegStr HKLM "${REG_UNINSTALL}" "DisplayVersion" "${APP_VERSION}"
	WriteRegStr HKLM "${REG_UNINSTALL}" "Publisher" "${APP_NAME}"
	WriteRegStr HKLM "${REG_UNINSTALL}" "URLInfoAbout" "${APP_URL}"
	WriteRegStr HKLM "${REG_UNINSTALL}" "DisplayIcon" "$INSTDIR\policycredit.exe"
	WriteRegStr HKLM "${REG_UNINSTALL}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKLM "${REG_UNINSTALL}" "UninstallString" '"$INSTDIR\uninstall.exe"'
	WriteRegStr HKLM "${REG_UNINSTALL}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
	WriteRegDWORD HKLM "${REG_UNINSTALL}" "NoModify" 1
	WriteRegDWORD HKLM "${REG_UNINSTALL}" "NoRepair" 1
SectionEnd

; The uninstaller removes the program, its shortcuts and its registry entries. It never
; touches %LOCALAPPDATA%\PolicyCredit: the office's database, backups and reports stay.
Section "Uninstall"
	SetRegView 64
	SetShellVarContext all
	Delete "$INSTDIR\policycredit.exe"
	Delete "$INSTDIR\policycredit-cli.exe"
	Delete "$INSTDIR\uninstall.exe"
	RMDir "$INSTDIR"
	Delete "$SMPROGRAMS\${APP_NAME}\${SHORTCUT}.lnk"
	Delete "$SMPROGRAMS\${APP_NAME}\${UNINSTALL_SHORTCUT}.lnk"
	RMDir "$SMPROGRAMS\${APP_NAME}"
	Delete "$DESKTOP\${SHORTCUT}.lnk"
	DeleteRegKey HKLM "${REG_APP}"
	DeleteRegKey HKLM "Software\Classes\.xlsx\OpenWithList\policycredit.exe"
	DeleteRegKey HKLM "Software\Classes\.csv\OpenWithList\policycredit.exe"
	DeleteRegKey HKLM "${REG_UNINSTALL}"
SectionEnd
