/*
 * Test helper for scripts/test-windows.sh (built with mingw into the test's temp dir,
 * never shipped): prints GetDriveTypeW of each root given ("N:\\"), one line each:
 *   N:\=4 remote
 */
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>

static const char *kind(UINT t)
{
    switch (t) {
    case DRIVE_UNKNOWN: return "unknown";
    case DRIVE_NO_ROOT_DIR: return "no-root-dir";
    case DRIVE_REMOVABLE: return "removable";
    case DRIVE_FIXED: return "fixed";
    case DRIVE_REMOTE: return "remote";
    case DRIVE_CDROM: return "cdrom";
    case DRIVE_RAMDISK: return "ramdisk";
    default: return "?";
    }
}

int wmain(int argc, wchar_t **argv)
{
    _setmode(_fileno(stdout), _O_BINARY); /* LF, not CRLF */
    for (int i = 1; i < argc; i++) {
        UINT t = GetDriveTypeW(argv[i]);
        char root[MAX_PATH * 4];
        WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, root, sizeof root, NULL, NULL);
        printf("%s=%u %s\n", root, t, kind(t));
    }
    return 0;
}
