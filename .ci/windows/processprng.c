/* Test-only stand-in for bcryptprimitives.dll, which Debian 12's Wine 8
 * lacks. Rust's std (1.78+) calls ProcessPrng from it on Windows; without
 * the DLL every Rust .exe stops at start-up (c0000135). This exports
 * ProcessPrng over RtlGenRandom (advapi32's SystemFunction036). It is put
 * beside the .exe only in the CI smoke run; shipped binaries never need it:
 * real Windows 10+ has the DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
