/* Test-only stand-in for Windows 10's bcryptprimitives.dll, which Go's runtime loads at start
 * for ProcessPrng. Debian 12's Wine 8 has no such DLL, so `make windows-check` copies this one
 * into its throw-away Wine prefix. It never ships: Windows 10 and 11 have the real one. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
