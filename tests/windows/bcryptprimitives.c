/*
 * TEST-ONLY shim for Wine 8.0, which has no bcryptprimitives.dll.
 *
 * Current Rust std (1.78+) gets its random numbers from ProcessPrng in
 * bcryptprimitives.dll; every real Windows 10/11 has that DLL, Wine 8.0 does not, so
 * yorisoi.exe dies at start under Wine. scripts/test-windows.sh builds this file with
 * mingw and copies the DLL into the throw-away Wine prefix of one test run
 * (drive_c/windows/system32). It forwards to advapi32's SystemFunction036 (RtlGenRandom).
 *
 * NEVER ship this DLL or put it beside yorisoi.exe in the installer: on Windows the
 * system's own bcryptprimitives.dll must be used.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll \
 *            bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

/* advapi32!SystemFunction036, a.k.a. RtlGenRandom (declared here to avoid ntsecapi.h). */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000u ? 0x40000000u : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
