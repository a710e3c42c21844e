/* Calls a cheap system call (getppid) in a loop, for measuring how much a
 * tracer or a seccomp filter adds per system call.
 * Usage: syscall_loop COUNT */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s COUNT\n", argv[0]);
    return 2;
  }
  char *end = NULL;
  long long count = strtoll(argv[1], &end, 10);
  if (*argv[1] == '\0' || *end != '\0' || count < 0) {
    fprintf(stderr, "syscall_loop: invalid COUNT '%s': expected a non-negative integer\n", argv[1]);
    return 2;
  }
  long sum = 0;
  for (long long i = 0; i < count; i++) {
    /* syscall() bypasses any caching in the C library, so every iteration enters the kernel. */
    sum += syscall(SYS_getppid);
  }
  /* Printing the sum keeps the compiler from dropping the loop. */
  printf("%ld\n", sum);
  return 0;
}
