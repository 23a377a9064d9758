/*
 * Test helper for scripts/test-windows.sh (built with mingw into the test's temp dir,
 * never shipped). Output is UTF-8, one "key=value" line each, LF line ends.
 *
 *   aclshow.exe --user      sid=<current user's SID>  and  name=<GetUserNameW>
 *   aclshow.exe PATH...     dacl=<SDDL of PATH's DACL>  (one line per path, in order)
 *   aclshow.exe --probe NEWPATH
 *                           creates NEWPATH with the DACL D:P(A;;FA;;;<user>) and reads it
 *                           back: persisted=yes when that DACL comes back, else
 *                           persisted=no and dacl=<what came back>. Upstream Wine keeps no
 *                           security descriptors for files and makes one up from the Unix
 *                           mode; this tells the test whether a DACL check can mean anything.
 *
 * Exit code 0, or 1 when a Windows call failed (the error is printed to stderr).
 */
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>

static void put(const char *key, const wchar_t *value)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, value, -1, NULL, 0, NULL, NULL);
    char *buf = malloc(n > 0 ? n : 1);
    if (n <= 0 || !buf) {
        fprintf(stdout, "%s=\n", key);
        free(buf);
        return;
    }
    WideCharToMultiByte(CP_UTF8, 0, value, -1, buf, n, NULL, NULL);
    fprintf(stdout, "%s=%s\n", key, buf);
    free(buf);
}

/* The current user's SID as a string (LocalFree it), or NULL. */
static wchar_t *user_sid(void)
{
    HANDLE token;
    wchar_t *sid = NULL;
    DWORD size = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return NULL;
    GetTokenInformation(token, TokenUser, NULL, 0, &size);
    TOKEN_USER *tu = malloc(size);
    if (tu && GetTokenInformation(token, TokenUser, tu, size, &size))
        ConvertSidToStringSidW(tu->User.Sid, &sid);
    free(tu);
    CloseHandle(token);
    return sid;
}

static wchar_t *dacl_string(const wchar_t *path)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PACL acl = NULL;
    wchar_t *sddl = NULL;
    DWORD rc = GetNamedSecurityInfoW(path, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION,
                                     NULL, NULL, &acl, NULL, &sd);
    if (rc != ERROR_SUCCESS) {
        fprintf(stderr, "GetNamedSecurityInfoW: %lu\n", rc);
        return NULL;
    }
    if (!ConvertSecurityDescriptorToStringSecurityDescriptorW(
            sd, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &sddl, NULL))
        fprintf(stderr, "ConvertSecurityDescriptorToStringSecurityDescriptorW: %lu\n",
                GetLastError());
    LocalFree(sd);
    return sddl;
}

static int probe(const wchar_t *path)
{
    wchar_t *sid = user_sid();
    if (!sid) {
        fprintf(stderr, "no user SID: %lu\n", GetLastError());
        return 1;
    }
    wchar_t want[256];
    wsprintfW(want, L"D:P(A;;FA;;;%s)", sid);
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, FALSE};
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(want, SDDL_REVISION_1,
                                                              &sa.lpSecurityDescriptor, NULL)) {
        fprintf(stderr, "ConvertStringSecurityDescriptorToSecurityDescriptorW: %lu\n",
                GetLastError());
        return 1;
    }
    HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, &sa, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "CreateFileW: %lu\n", GetLastError());
        return 1;
    }
    CloseHandle(h);
    wchar_t *got = dacl_string(path);
    if (!got)
        return 1;
    fprintf(stdout, "persisted=%s\n", lstrcmpW(got, want) == 0 ? "yes" : "no");
    put("wanted", want);
    put("dacl", got);
    LocalFree(got);
    LocalFree(sa.lpSecurityDescriptor);
    LocalFree(sid);
    return 0;
}

static int user(void)
{
    wchar_t *sid = user_sid();
    if (!sid) {
        fprintf(stderr, "no user SID: %lu\n", GetLastError());
        return 1;
    }
    put("sid", sid);
    LocalFree(sid);
    wchar_t name[257];
    DWORD len = 257;
    if (!GetUserNameW(name, &len)) {
        fprintf(stderr, "GetUserNameW: %lu\n", GetLastError());
        return 1;
    }
    put("name", name);
    return 0;
}

static int dacl(const wchar_t *path)
{
    wchar_t *sddl = dacl_string(path);
    if (!sddl)
        return 1;
    put("dacl", sddl);
    LocalFree(sddl);
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    _setmode(_fileno(stdout), _O_BINARY); /* LF, not CRLF */
    if (argc < 2) {
        fprintf(stderr, "usage: aclshow --user | aclshow --probe NEWPATH | aclshow PATH...\n");
        return 2;
    }
    if (lstrcmpW(argv[1], L"--user") == 0)
        return user();
    if (lstrcmpW(argv[1], L"--probe") == 0)
        return argc == 3 ? probe(argv[2]) : 2;
    int rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= dacl(argv[i]);
    return rc;
}
