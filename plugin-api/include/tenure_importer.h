/*
 * tenure_importer.h — the C ABI of Tenure importer plugins, version 1.
 *
 * A plugin is a shared library (.so / .dylib / .dll) exporting
 *
 *     const TenureImporterV1 *tenure_importer_v1(void);
 *
 * which returns a pointer to a static table that stays valid for the life
 * of the process (Tenure never unloads a plugin).
 *
 * Rules (see plugin-api/README.md for the full guide):
 * - Only these structs, integers and (pointer, length) byte slices cross the
 *   boundary. Every slice is LENT for the duration of one call: the receiver
 *   copies what it keeps; nobody frees the other side's memory.
 * - Structured data is UTF-8 JSON, payload version TENURE_PAYLOAD_VERSION.
 *   Version 2 adds binary record batches, which a plugin may send when the
 *   host's payload_version is 2 or more (format below); a plugin that
 *   declares version 1 sends JSON only, and Tenure still loads it.
 * - No exception / panic may leave a function of this ABI.
 * - Tables are append-only within ABI major 1: struct_size says which
 *   fields exist. Tenure refuses a plugin table smaller than this one.
 * - `detect` may be called on any thread, several plugins at once, and is
 *   abandoned after 2 seconds. `import` runs on a worker thread.
 */
#ifndef TENURE_IMPORTER_H
#define TENURE_IMPORTER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TENURE_ABI_VERSION 1u
#define TENURE_PAYLOAD_VERSION 2u
#define TENURE_ENTRY_SYMBOL "tenure_importer_v1"

/* Status codes returned by describe/import (info/detect: negative = failed). */
#define TN_OK 0
#define TN_CANCELLED 1      /* a host callback answered TN_CANCEL; the plugin stopped */
#define TN_FATAL 2          /* the file cannot be read; a fatal problem was sent */
#define TN_PLUGIN_FAILED 3  /* the plugin itself failed (bug, caught panic) */

/* What host callbacks answer. */
#define TN_CONTINUE 0
#define TN_CANCEL 1

/* A writer the host lends for one call; the host appends the bytes. */
typedef void (*tn_write_fn)(void *ctx, const uint8_t *data, size_t len);
/* A host callback receiving lent bytes; answers TN_CONTINUE or TN_CANCEL. */
typedef int32_t (*tn_bytes_fn)(void *ctx, const uint8_t *data, size_t len);
/* Progress: done of total (bytes or rows; total 0 when unknown). */
typedef int32_t (*tn_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/* What the host lends to import(). */
typedef struct TenureHostV1 {
    uint32_t struct_size;      /* sizeof(TenureHostV1) as the host knows it */
    uint32_t payload_version;  /* TENURE_PAYLOAD_VERSION the host reads (2: binary batches too) */
    void *ctx;                 /* first argument of every callback */
    tn_bytes_fn records;       /* a batch of records (~1000): a JSON array of
                                  {"sheet","row","record"} (write "kind" as each record's
                                  first key: the host then reads the batch in one pass), or,
                                  when payload_version >= 2, a binary batch (below) */
    tn_bytes_fn problem;       /* one row problem, a JSON object */
    tn_progress_fn progress;
} TenureHostV1;

/* info(ctx, out): writes PluginInfo JSON to out. Returns TN_OK or < 0. */
typedef int32_t (*tn_info_fn)(void *ctx, tn_write_fn out);

/* detect(path, path_len, head, head_len): 0..100, or < 0 on failure.
 * path: UTF-8 (raw path bytes on Unix); head: first bytes, at most 64 KiB. */
typedef int32_t (*tn_detect_fn)(const uint8_t *path, size_t path_len,
                                const uint8_t *head, size_t head_len);

/* describe(...): writes FileDescription JSON and returns TN_OK, or writes a
 * RowProblem JSON and returns TN_FATAL / TN_PLUGIN_FAILED. */
typedef int32_t (*tn_describe_fn)(const uint8_t *path, size_t path_len,
                                  const uint8_t *options, size_t options_len,
                                  void *ctx, tn_write_fn out);

/* import(...): streams records and problems to host; returns TN_OK,
 * TN_CANCELLED, TN_FATAL (after sending a fatal problem) or TN_PLUGIN_FAILED. */
typedef int32_t (*tn_import_fn)(const uint8_t *path, size_t path_len,
                                const uint8_t *options, size_t options_len,
                                const TenureHostV1 *host);

typedef struct TenureImporterV1 {
    uint32_t abi_major;        /* TENURE_ABI_VERSION */
    uint32_t struct_size;      /* sizeof(TenureImporterV1) */
    uint32_t payload_version;  /* TENURE_PAYLOAD_VERSION */
    uint32_t reserved;         /* 0 */
    tn_info_fn info;
    tn_detect_fn detect;
    tn_describe_fn describe;
    tn_import_fn import;
    /* Version 1.x may append fields here. */
} TenureImporterV1;

typedef const TenureImporterV1 *(*tn_entry_fn)(void);

/*
 * Binary record batch (payload version 2). Integers little-endian.
 *
 *   batch    := "TNB2" count:u32 record{count}
 *   record   := length:u32 body            (byte length of body)
 *   body     := sheet:opt_text row:opt_u64 kind:text n:u32 (key:text value){n}
 *   text     := length:u32 UTF-8 bytes
 *   opt_text := length:u32 bytes, or 0xFFFFFFFF when absent
 *   opt_u64  := 0, or 1 followed by the value as u64
 *   value    := tag:u8 then: 0 null | 1 false | 2 true | 3 i64 | 4 f64 (IEEE 754)
 *             | 5 text | 6 text holding any JSON value (objects such as
 *               "custom", arrays, integers beyond i64)
 *
 * Keys are the schema's canonical field names, values those of the JSON
 * record. The record kind is not among the fields (it has its own place),
 * so the own "kind" field of a survey_response, activity or opportunity is
 * the key "kind" here ("survey_kind" and the other JSON names are read
 * too). A record whose fields do not fit its kind is rejected alone; a
 * batch whose structure is broken is a plugin failure.
 */
#define TENURE_BINARY_MAGIC "TNB2"

#ifdef __cplusplus
}
#endif

#endif /* TENURE_IMPORTER_H */
