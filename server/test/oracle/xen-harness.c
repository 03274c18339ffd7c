/*
 * Userspace harness for the Xen command-line oracle (xen-cmdline.test.ts). Written for this
 * project: a minimal shim of the hypervisor definitions that xen/common/kernel.c's parser needs
 * (cmdline_parse() of 4.2, parse_params() from 4.10; parse_bool(), assign_integer_param()), and of
 * cmdline_cook() (a GRUB 2 loader: leading blanks stripped, no image word) and the " -- " split of
 * xen/arch/x86/setup.c's __start_xen(). The test cuts those pieces out of a Xen
 * source tree into extracted.c and split.c at test time, writes table.h (the registered
 * parameters) and compiles this file; nothing of Xen is kept.
 *
 * Per input line (hex bytes) it prints:
 *   D <dom0 part>          what kextra points to (the text handed to dom0), when " -- " is present
 *   C <param name> <arg>   a custom parameter's handler was called with <arg>
 *   K <message>            a printk of the parser (4.10+: invalid value, unknown parameter)
 *   B <param name> <0|1>   the final value of each boolean parameter the line assigned
 * then ".".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdarg.h>
#include <errno.h>

#define __init
#define __initdata
#define __initconst
#define ASSERT(x) do { } while (0)
#define BUG() abort()
#define MAX_PARAM_SIZE 128
#define safe_strcpy(d, s) do { strncpy((d), (s), sizeof(d) - 1); (d)[sizeof(d) - 1] = '\0'; } while (0)

static char saved_cmdline[1024];

struct kernel_param {
	const char *name;
	enum { OPT_STR, OPT_UINT, OPT_BOOL, OPT_INVBOOL, OPT_SIZE, OPT_CUSTOM, OPT_IGNORE } type;
	unsigned int len;
	union { void *var; int (*func)(const char *s); } par; /* 4.10+ */
	void *var;                                            /* 4.2 */
};

#include "oracle-io.h"

static int printk(const char *fmt, ...)
{
	char m[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
	m[strcspn(m, "\n")] = '\0';
	emit("K", m, NULL);
	return 0;
}

static size_t strlcpy(char *d, const char *s, size_t n)
{
	size_t l = strlen(s);
	if (n) { size_t k = l < n - 1 ? l : n - 1; memcpy(d, s, k); d[k] = '\0'; }
	return l;
}

static long long simple_strtoll(const char *s, const char **e, unsigned int base)
{
	char *end;
	long long v = strtoll(s, &end, base);
	if (e) *e = end;
	return v;
}

static unsigned long long parse_size_and_unit(const char *s, const char **e)
{
	/* no size parameter is registered: never called */
	abort();
}

/* table.h: CUSTOM(index, "name") and BOOL(index, "name") lines */
#define NPARAMS 64
static const char *names[NPARAMS];
static uint8_t bools[NPARAMS];
#define CUSTOM(i, n) static int cust_##i(const char *s) { emit("C", n, s); return 0; }
#define BOOL(i, n)
#include "table.h"
#undef CUSTOM
#undef BOOL
#define CUSTOM(i, n) { .name = n, .type = OPT_CUSTOM, .par.func = cust_##i, .var = (void *)cust_##i },
#define BOOL(i, n) { .name = n, .type = OPT_BOOL, .len = sizeof(bool), .par.var = &bools[i], .var = &bools[i] },
static struct kernel_param setup_tab[] = {
#include "table.h"
};
#define NTAB (sizeof setup_tab / sizeof setup_tab[0])
#define __setup_start (setup_tab[0])
#define __setup_end (setup_tab[NTAB])

/* cmdline_cook(): the line as a GRUB 2 / multiboot2 loader passes it, without an image word */
#define loader_is_grub2(name) 1
#define efi_enabled(feature) 0
static char *cmdline, *kextra;
static bool xen_guest, pvh_boot;

#include "extracted.c"

static struct { char *cmdline; char *kextra; } bi_s, *bi = &bi_s;

static void split_dom0(void)
{
#include "split.c"
}

int main(void)
{
	while (read_input()) {
		size_t k;
		for (k = 0; k < NPARAMS; k++) bools[k] = 0xaa;
		cmdline = bi->cmdline = (char *)cmdline_cook(buf, "GRUB 2");
		kextra = bi->kextra = NULL;
		split_dom0();
		if (kextra) emit("D", kextra, NULL);
#ifdef XEN_PARSE_PARAMS
		parse_params(cmdline, setup_tab, setup_tab + NTAB);
#else
		cmdline_parse(cmdline);
#endif
		for (k = 0; k < NTAB; k++) {
			if (setup_tab[k].type == OPT_BOOL && *(uint8_t *)setup_tab[k].var != 0xaa)
				emit("B", setup_tab[k].name, *(uint8_t *)setup_tab[k].var ? "1" : "0");
		}
		puts(".");
	}
	return 0;
}
