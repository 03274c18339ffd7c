/* Batch harness for the xl oracle (xl-libxlutil.test.ts): calls Debian's libxlutil (libxen-dev),
 * the library xl itself reads configuration files and disk specs with, on many inputs in one run.
 * Standard input: records separated by NUL bytes. Standard output: one JSON line per record.
 *   harness disk   each record is one disk spec, read by xlu_disk_parse.
 *   harness cfg    each record is "KEY KEY ...\n" then a configuration file, read by
 *                  xlu_cfg_readdata; when it reads, each KEY as xlu_cfg_get_string, _get_list
 *                  (with _get_listitem per item) and _get_long see it. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxlutil.h>

static void js(FILE *o, const char *s) {
  if (!s) { fputs("null", o); return; }
  fputc('"', o);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(o, "\\%c", c);
    else if (c < 0x20 || c == 0x7f) fprintf(o, "\\u%04x", c);
    else fputc(c, o);
  }
  fputc('"', o);
}

static void disk(const char *spec) {
  char *msg = NULL; size_t len = 0; FILE *rep = open_memstream(&msg, &len);
  XLU_Config *cfg = xlu_cfg_init(rep, "spec");
  libxl_device_disk d; libxl_device_disk_init(&d);
  int rc = xlu_disk_parse(cfg, 1, &spec, &d);
  fflush(rep);
  printf("{\"rc\":%d,\"target\":", rc); js(stdout, d.pdev_path);
  printf(",\"vdev\":"); js(stdout, d.vdev);
  printf(",\"format\":"); js(stdout, libxl_disk_format_to_string(d.format));
  printf(",\"backendtype\":"); js(stdout, libxl_disk_backend_to_string(d.backend));
  printf(",\"readwrite\":%d,\"cdrom\":%d,\"script\":", d.readwrite, d.is_cdrom); js(stdout, d.script);
  printf(",\"backend\":"); js(stdout, d.backend_domname);
  printf(",\"message\":"); js(stdout, msg); printf("}\n");
  libxl_device_disk_dispose(&d); xlu_cfg_destroy(cfg); fclose(rep); free(msg);
}

static void cfgfile(char *rec, size_t n) {
  char *nl = memchr(rec, '\n', n);
  if (!nl) { printf("{\"rc\":-1}\n"); return; }
  *nl = 0;
  const char *data = nl + 1;
  char *msg = NULL; size_t len = 0; FILE *rep = open_memstream(&msg, &len);
  XLU_Config *cfg = xlu_cfg_init(rep, "file");
  int rc = xlu_cfg_readdata(cfg, data, (int)(n - (size_t)(data - rec)));
  fflush(rep);
  printf("{\"rc\":%d,\"message\":", rc); js(stdout, msg); printf(",\"values\":{");
  int first = 1;
  for (char *save = NULL, *k = strtok_r(rec, " ", &save); rc == 0 && k; k = strtok_r(NULL, " ", &save)) {
    XLU_ConfigList *list; int count; const char *s; long l;
    printf("%s", first ? "" : ","); first = 0;
    js(stdout, k); printf(":{\"s\":");
    js(stdout, xlu_cfg_get_string(cfg, k, &s, 1) ? NULL : s);
    printf(",\"l\":");
    if (!xlu_cfg_get_list(cfg, k, &list, &count, 1)) {
      putchar('[');
      for (int i = 0; i < count; i++) { if (i) putchar(','); js(stdout, xlu_cfg_get_listitem(list, i)); }
      putchar(']');
    } else fputs("null", stdout);
    int e = xlu_cfg_get_long(cfg, k, &l, 1);
    if (e) printf(",\"n\":null}");
    else printf(",\"n\":\"%ld\"}", l);
  }
  printf("}}\n");
  xlu_cfg_destroy(cfg); fclose(rep); free(msg);
}

int main(int argc, char **argv) {
  size_t cap = 1 << 20, n = 0; char *buf = malloc(cap); size_t got;
  while ((got = fread(buf + n, 1, cap - n - 1, stdin)) > 0) {
    n += got;
    if (n + 1 >= cap) buf = realloc(buf, cap *= 2);
  }
  buf[n] = 0;
  int isdisk = argc > 1 && !strcmp(argv[1], "disk");
  for (size_t at = 0; at < n;) {
    size_t l = strlen(buf + at);
    if (isdisk) disk(buf + at); else cfgfile(buf + at, l);
    fflush(stdout);
    at += l + 1;
  }
  return 0;
}
