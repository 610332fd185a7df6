/* test-frame.c: ferry__call_frame passes every argument kind in the right
 * register and returns both return registers. */
#include "internal.h"
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int64_t ints8(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                     int64_t f, int64_t g, int64_t h) {
  return a + b * 10 + c * 100 + d * 1000 + e * 10000 + f * 100000 +
         g * 1000000 + h * 10000000;
}

static double doubles8(double a, double b, double c, double d, double e,
                       double f, double g, double h) {
  return a + b * 2 + c * 4 + d * 8 + e * 16 + f * 32 + g * 64 + h * 128;
}

static float mixed(int32_t i, float x, int64_t j, double y) {
  return (float)i + x * 10 + (float)j * 100 + (float)y * 1000;
}

static uint64_t bits(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}

static uint64_t fbits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

TEST(frame_eight_ints) {
  ferry__frame f = {.ints = {1, 2, 3, 4, 5, 6, 7, 8}};
  ferry__call_frame((uintptr_t)ints8, &f);
  CHECK_EQ(f.ret, 87654321);
}

TEST(frame_eight_doubles) {
  ferry__frame f = {0};
  for (int i = 0; i < 8; i++) f.floats[i] = bits(1.5);
  ferry__call_frame((uintptr_t)doubles8, &f);
  double r;
  memcpy(&r, &f.fret, 8);
  CHECK(r == 1.5 * 255);
}

TEST(frame_mixed_kinds_and_float_return) {
  ferry__frame f = {.ints = {3, 5}, .floats = {fbits(2.0f), bits(4.0)}};
  ferry__call_frame((uintptr_t)mixed, &f);
  float r;
  uint32_t low = (uint32_t)f.fret;
  memcpy(&r, &low, 4);
  CHECK(r == 3 + 20 + 500 + 4000);
}

TEST(frame_variadic) {
  char buf[64];
  ferry__frame f = {.ints = {(uintptr_t)buf, sizeof buf, (uintptr_t)"%d-%s-%.2f", 42,
                             (uintptr_t)"x"},
                    .floats = {bits(2.5)}};
  ferry__call_frame((uintptr_t)snprintf, &f);
  CHECK(strcmp(buf, "42-x-2.50") == 0);
  CHECK_EQ(f.ret, 9);
}
