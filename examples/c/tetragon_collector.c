/*
 * tetragon_collector: a small collector built on rulejit's C API.
 *
 * Reads Tetragon NDJSON events from stdin, from a file, or follows a file
 * like `tail -F` (Tetragon's JSON exporter rotates its file by renaming it
 * and opening a new one with the same name; truncation is handled too), runs
 * the detections on them, and writes every alert as one JSON line to stdout.
 *
 *   tetragon_collector [options] [FILE | -]
 *     --follow            keep reading FILE as it grows and across rotations
 *     --idle-exit SEC     with --follow: exit after SEC seconds without data
 *     --rules/--macros/--lookups/--fieldmaps PATH   (default: bundled pack)
 *     --executor interp|jit
 *     --window SEC        aggregate per SEC-second window of event time
 *     --stats             print counters to stderr at exit
 *
 * SIGINT/SIGTERM end the run cleanly: open windows are flushed first.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rulejit/rulejit.h>

static volatile sig_atomic_t g_stop = 0;
static void on_signal(int sig) {
  (void)sig;
  g_stop = 1;
}

/* Alerts: one JSON object per line, flushed so a reader sees it at once. */
static void write_alert(void* user, const rulejit_result* r) {
  const char* json;
  size_t len;
  (void)user;
  if (rulejit_result_json(r, &json, &len) == RULEJIT_OK) {
    fwrite(json, 1, len, stdout);
    fputc('\n', stdout);
    fflush(stdout);
  }
}

static int check(rulejit_status st, const char* what) {
  if (st == RULEJIT_OK) return 0;
  fprintf(stderr, "tetragon_collector: %s: %s: %s\n", what, rulejit_status_name(st), rulejit_last_error());
  return -1;
}

/* Input buffer: complete lines are pushed as one batch, a partial last line
 * waits for the rest. */
typedef struct {
  char* data;
  size_t len, cap;
} buffer;

static int push_lines(rulejit_engine* e, buffer* b, int final) {
  size_t end = b->len;
  if (!final) {
    while (end > 0 && b->data[end - 1] != '\n') --end;
  }
  if (end > 0) {
    rulejit_status st = rulejit_engine_push_batch(e, b->data, end, NULL);
    if (st != RULEJIT_OK && check(st, "push") != 0) return -1;
    memmove(b->data, b->data + end, b->len - end);
    b->len -= end;
  }
  return 0;
}

/* Reads what fd has now; returns bytes read, 0 at EOF, -1 on error. */
static long read_some(int fd, buffer* b) {
  ssize_t n;
  if (b->cap - b->len < 65536) {
    size_t cap = b->cap ? b->cap * 2 : 1 << 20;
    char* p = realloc(b->data, cap);
    if (!p) return -1;
    b->data = p;
    b->cap = cap;
  }
  do {
    n = read(fd, b->data + b->len, b->cap - b->len);
  } while (n < 0 && errno == EINTR && !g_stop);
  if (n > 0) b->len += (size_t)n;
  return (long)n;
}

static void sleep_ms(long ms) {
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  nanosleep(&ts, NULL);
}

/* Whole input once (stdin or a file). */
static int read_stream(rulejit_engine* e, int fd) {
  buffer b = {NULL, 0, 0};
  long n;
  int rc = 0;
  while (!g_stop && (n = read_some(fd, &b)) > 0)
    if (push_lines(e, &b, 0) != 0) {
      rc = -1;
      break;
    }
  if (rc == 0 && push_lines(e, &b, 1) != 0) rc = -1;
  free(b.data);
  return rc;
}

/* tail -F: read to EOF, then poll. The file was rotated when the path now
 * names another inode (finish the old file first, then open the new one);
 * truncated when it got shorter than what was read (start over). */
static int follow(rulejit_engine* e, const char* path, double idle_exit) {
  buffer b = {NULL, 0, 0};
  int fd = -1;
  struct stat cur;
  off_t offset = 0;
  double idle = 0;
  int rc = 0;
  while (!g_stop) {
    long n;
    struct stat now;
    if (fd < 0) {
      fd = open(path, O_RDONLY);
      if (fd >= 0) {
        fstat(fd, &cur);
        offset = 0;
        fprintf(stderr, "tetragon_collector: following %s (inode %lu)\n", path, (unsigned long)cur.st_ino);
      }
    }
    n = fd >= 0 ? read_some(fd, &b) : 0;
    if (n < 0) {
      fprintf(stderr, "tetragon_collector: read %s: %s\n", path, strerror(errno));
      rc = -1;
      break;
    }
    if (n > 0) {
      offset += n;
      idle = 0;
      if (push_lines(e, &b, 0) != 0) {
        rc = -1;
        break;
      }
      continue;
    }
    /* At EOF: rotated or truncated? */
    if (fd >= 0 && stat(path, &now) == 0) {
      if (now.st_ino != cur.st_ino || now.st_dev != cur.st_dev) {
        /* The old file may have got a last write before the rename. */
        while (read_some(fd, &b) > 0)
          if (push_lines(e, &b, 0) != 0) rc = -1;
        if (push_lines(e, &b, 1) != 0) rc = -1; /* its last line needs no '\n' */
        close(fd);
        fd = -1;
        fprintf(stderr, "tetragon_collector: %s was rotated\n", path);
        continue;
      }
      if (now.st_size < offset) {
        fprintf(stderr, "tetragon_collector: %s was truncated\n", path);
        lseek(fd, 0, SEEK_SET);
        offset = 0;
        b.len = 0;
        continue;
      }
    }
    if (idle_exit > 0 && idle >= idle_exit) break;
    sleep_ms(50);
    idle += 0.05;
  }
  if (fd >= 0) close(fd);
  if (rc == 0 && push_lines(e, &b, 1) != 0) rc = -1;
  free(b.data);
  return rc;
}

static void usage(void) {
  fputs("usage: tetragon_collector [--follow] [--idle-exit SEC] [--rules P] [--macros P] [--lookups P]\n"
        "                          [--fieldmaps P] [--executor interp|jit] [--window SEC] [--stats] [FILE|-]\n",
        stderr);
}

int main(int argc, char** argv) {
  rulejit_sources src = {NULL, NULL, NULL, NULL};
  rulejit_options opt;
  const char* input = "-";
  int follow_mode = 0, print_stats = 0, i, rc;
  double idle_exit = 0;
  rulejit_engine* engine = NULL;
  struct sigaction sa;

  rulejit_options_init(&opt);
  for (i = 1; i < argc; ++i) {
    const char* a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--follow")) follow_mode = 1;
    else if (!strcmp(a, "--stats")) print_stats = 1;
    else if (v && !strcmp(a, "--idle-exit")) idle_exit = atof(argv[++i]);
    else if (v && !strcmp(a, "--rules")) src.rules = argv[++i];
    else if (v && !strcmp(a, "--macros")) src.macros = argv[++i];
    else if (v && !strcmp(a, "--lookups")) src.lookups = argv[++i];
    else if (v && !strcmp(a, "--fieldmaps")) src.fieldmaps = argv[++i];
    else if (v && !strcmp(a, "--executor")) opt.executor = argv[++i];
    else if (v && !strcmp(a, "--window")) opt.window_span_seconds = atof(argv[++i]);
    else if (a[0] == '-' && a[1] != '\0') {
      usage();
      return 2;
    } else input = a;
  }
  if (follow_mode && !strcmp(input, "-")) {
    fputs("tetragon_collector: --follow needs a FILE\n", stderr);
    return 2;
  }

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  if (check(rulejit_engine_create(&src, &opt, &engine), "create") != 0) return 1;
  if (check(rulejit_engine_set_callback(engine, write_alert, NULL), "set_callback") != 0) return 1;

  if (follow_mode) {
    rc = follow(engine, input, idle_exit);
  } else if (!strcmp(input, "-")) {
    rc = read_stream(engine, STDIN_FILENO);
  } else {
    int fd = open(input, O_RDONLY);
    if (fd < 0) {
      fprintf(stderr, "tetragon_collector: cannot open %s: %s\n", input, strerror(errno));
      rulejit_engine_destroy(engine);
      return 1;
    }
    rc = read_stream(engine, fd);
    close(fd);
  }

  /* Close: aggregations of the open window(s) are emitted now. */
  if (check(rulejit_engine_close(engine), "close") != 0) rc = -1;
  if (print_stats) {
    rulejit_stats st;
    memset(&st, 0, sizeof st);
    st.struct_size = sizeof st;
    if (rulejit_engine_stats(engine, &st) == RULEJIT_OK)
      fprintf(stderr,
              "tetragon_collector: %llu events, %llu bytes, %llu malformed, %llu unrouted, %llu alerts\n",
              (unsigned long long)st.events, (unsigned long long)st.bytes, (unsigned long long)st.malformed,
              (unsigned long long)st.unrouted, (unsigned long long)st.results);
  }
  rulejit_engine_destroy(engine);
  return rc == 0 ? 0 : 1;
}
