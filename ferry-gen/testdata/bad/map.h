/* map.h: what FERRY_MAP_OF refuses. */
#ifndef MAP_H
#define MAP_H

#include "ferry_gen.h"

typedef struct map_score {
  ferry_str key;
  int64_t value;
} map_score;

typedef FERRY_MAP_OF(map_score) map_scores;

typedef struct map_fkey {
  double key;
  int64_t value;
} map_fkey;

typedef FERRY_MAP_OF(map_fkey) map_fkeys;

typedef struct map_bkey {
  bool key;
  int64_t value;
} map_bkey;

typedef FERRY_MAP_OF(map_bkey) map_bkeys;

typedef struct map_pair {
  ferry_str name;
  int64_t value;
} map_pair;

typedef FERRY_MAP_OF(map_pair) map_pairs;

typedef FERRY_MAP_OF(int64_t) map_ints;

typedef struct map_opt {
  int32_t key;
  const int64_t *value FERRY_OPTIONAL;
} map_opt;

typedef FERRY_MAP_OF(map_opt) map_opts;

typedef struct map_nested {
  ferry_str key;
  map_scores value;
} map_nested;

typedef FERRY_MAP_OF(map_nested) map_nesteds;

typedef struct map_deep {
  int32_t key;
  map_nested value;
} map_deep;

typedef FERRY_MAP_OF(map_deep) map_deeps;

typedef FERRY_SLICE_OF(map_scores) map_many;

typedef struct map_holder {
  map_scores scores;
} map_holder;

ferry_status map_total(map_scores scores, int64_t *sum FERRY_OUT) FERRY_GO;

ferry_status map_result(map_scores *out FERRY_OUT) FERRY_GO;

void map_forget(map_scores scores) FERRY_GO_ASYNC;

#endif
