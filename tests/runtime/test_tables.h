/// Hand-written MigrationTables for the runtime tests, shaped like retortc's
/// output: constant arrays in topological order with SQLite statements.
#pragma once

#include <cstdint>

#include "retort/table.h"

namespace retort::testing {

using table::Revision;
using table::Statement;
using table::StatementList;

template <std::size_t N>
constexpr StatementList List(const Statement (&items)[N]) {
  return {items, static_cast<std::uint32_t>(N)};
}
inline constexpr StatementList kNoStatements{nullptr, 0};
// The first operation of a revision, for revisions marked irreversible.
inline constexpr std::uint32_t kFirstOp[] = {0};

constexpr Revision MakeRevision(const char* id, const char* message,
                                const char* source, const char* checksum,
                                const std::uint32_t* parents,
                                std::uint32_t parent_count, StatementList up,
                                StatementList down, bool reversible = true,
                                const std::uint32_t* depends_on = nullptr,
                                std::uint32_t depends_on_count = 0,
                                const char* const* labels = nullptr,
                                std::uint32_t label_count = 0) {
  return Revision{id,
                  message,
                  source,
                  {checksum, checksum, checksum},
                  parents,
                  parent_count,
                  depends_on,
                  depends_on_count,
                  labels,
                  label_count,
                  reversible ? nullptr : kFirstOp,
                  reversible ? 0u : 1u,
                  {up, kNoStatements},
                  {down, kNoStatements}};
}

// ---------------------------------------------------------------------------
// kDive: two branches and a merge, plus a labelled second root whose second
// revision depends_on (without merging) a revision of the main line.
//
//   0 0001_initial
//   1 0002_add_depth            parent 0          (branchpoint)
//   2 0003_tags                 parent 1
//   3 0003_centers              parent 1
//   4 0004_merge                parents 2, 3      (mergepoint, no SQL)
//   5 0005_notes                parent 4          (head; two statements)
//   6 audit_root                root, label "audit"
//   7 audit_0002                parent 6, depends_on 2   (head)
// ---------------------------------------------------------------------------
namespace dive {
inline constexpr std::uint32_t kP0[] = {0};
inline constexpr std::uint32_t kP1[] = {1};
inline constexpr std::uint32_t kP23[] = {2, 3};
inline constexpr std::uint32_t kP4[] = {4};
inline constexpr std::uint32_t kP6[] = {6};
inline constexpr std::uint32_t kD2[] = {2};
inline constexpr const char* kAuditLabels[] = {"audit"};

inline constexpr Statement kUp0[] = {
    {"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)", 5, 0}};
inline constexpr Statement kDown0[] = {{"DROP TABLE users", 5, 0}};
inline constexpr Statement kUp1[] = {
    {"CREATE TABLE dive_sites (id INTEGER PRIMARY KEY, depth REAL)", 5, 0}};
inline constexpr Statement kDown1[] = {{"DROP TABLE dive_sites", 5, 0}};
inline constexpr Statement kUp2[] = {
    {"CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT)", 5, 0}};
inline constexpr Statement kDown2[] = {{"DROP TABLE tags", 5, 0}};
inline constexpr Statement kUp3[] = {
    {"CREATE TABLE centers (id INTEGER PRIMARY KEY, name TEXT)", 5, 0}};
inline constexpr Statement kDown3[] = {{"DROP TABLE centers", 5, 0}};
inline constexpr Statement kUp5[] = {
    {"CREATE TABLE notes (id INTEGER PRIMARY KEY)", 5, 0},
    {"ALTER TABLE notes ADD COLUMN body TEXT", 8, 1}};
inline constexpr Statement kDown5[] = {{"DROP TABLE notes", 5, 0}};
inline constexpr Statement kUp6[] = {
    {"CREATE TABLE audit_log (id INTEGER PRIMARY KEY, what TEXT)", 5, 0}};
inline constexpr Statement kDown6[] = {{"DROP TABLE audit_log", 5, 0}};
inline constexpr Statement kUp7[] = {
    {"CREATE TABLE audit_tags (tag_id INTEGER REFERENCES tags (id))", 6, 0}};
inline constexpr Statement kDown7[] = {{"DROP TABLE audit_tags", 6, 0}};

inline constexpr Revision kRevisions[] = {
    MakeRevision("0001_initial", "Initial schema", "0001_initial.mig", "c0",
                 nullptr, 0, List(kUp0), List(kDown0)),
    MakeRevision("0002_add_depth", "Add dive sites", "0002_add_depth.mig", "c1",
                 kP0, 1, List(kUp1), List(kDown1)),
    MakeRevision("0003_tags", "Add tags", "0003_tags.mig", "c2", kP1, 1,
                 List(kUp2), List(kDown2)),
    MakeRevision("0003_centers", "Add diving centers", "0003_centers.mig", "c3",
                 kP1, 1, List(kUp3), List(kDown3)),
    MakeRevision("0004_merge", "Merge tags and centers", "0004_merge.mig", "c4",
                 kP23, 2, kNoStatements, kNoStatements),
    MakeRevision("0005_notes", "Add notes", "0005_notes.mig", "c5", kP4, 1,
                 List(kUp5), List(kDown5)),
    MakeRevision("audit_root", "Audit log", "audit/audit_root.mig", "c6",
                 nullptr, 0, List(kUp6), List(kDown6), true, nullptr, 0,
                 kAuditLabels, 1),
    MakeRevision("audit_0002", "Audit tags", "audit/audit_0002.mig", "c7", kP6,
                 1, List(kUp7), List(kDown7), true, kD2, 1),
};
}  // namespace dive

inline constexpr table::MigrationTable kDiveTable{
    table::kAbiVersion, "test", dive::kRevisions,
    sizeof(dive::kRevisions) / sizeof(dive::kRevisions[0]), 3u};

// Indices into kDiveTable, for readable assertions.
enum DiveRev : std::uint32_t {
  kInitial = 0,
  kAddDepth = 1,
  kTags = 2,
  kCenters = 3,
  kMerge = 4,
  kNotes = 5,
  kAuditRoot = 6,
  kAudit2 = 7,
};

// ---------------------------------------------------------------------------
// kLinear: a chain with an irreversible revision and a revision whose second
// of three statements fails (the table it inserts into does not exist).
//
//   0 0001_initial   1 0002_add_depth   2 0003_raw (irreversible)   3 0004_fk
// ---------------------------------------------------------------------------
namespace linear {
inline constexpr std::uint32_t kP0[] = {0};
inline constexpr std::uint32_t kP1[] = {1};
inline constexpr std::uint32_t kP2[] = {2};

inline constexpr Statement kUp2[] = {
    {"INSERT INTO users (name) VALUES ('admin')", 4, 0}};
inline constexpr Statement kUp3[] = {
    {"CREATE TABLE site_owner (id INTEGER PRIMARY KEY)", 6, 0},
    {"INSERT INTO dive_site (id) VALUES (1)", 12, 1},
    {"CREATE TABLE never_created (id INTEGER)", 20, 2}};
inline constexpr Statement kDown3[] = {{"DROP TABLE site_owner", 6, 0}};

inline constexpr Revision kRevisions[] = {
    MakeRevision("0001_initial", "Initial schema",
                 "migrations/0001_initial.mig", "l0", nullptr, 0,
                 List(dive::kUp0), List(dive::kDown0)),
    MakeRevision("0002_add_depth", "Add dive sites",
                 "migrations/0002_add_depth.mig", "l1", kP0, 1,
                 List(dive::kUp1), List(dive::kDown1)),
    MakeRevision("0003_raw", "Seed the admin user", "migrations/0003_raw.mig",
                 "l2", kP1, 1, List(kUp2), kNoStatements, false),
    MakeRevision("0004_fk", "Owners", "migrations/0004_fk.mig", "l3", kP2, 1,
                 List(kUp3), List(kDown3)),
};
}  // namespace linear

inline constexpr table::MigrationTable kLinearTable{
    table::kAbiVersion, "test", linear::kRevisions,
    sizeof(linear::kRevisions) / sizeof(linear::kRevisions[0]), 3u};

/// kLinear without the failing revision: 0001 .. 0003_raw.
inline constexpr table::MigrationTable kLinearOkTable{
    table::kAbiVersion, "test", linear::kRevisions, 3, 3u};

}  // namespace retort::testing
