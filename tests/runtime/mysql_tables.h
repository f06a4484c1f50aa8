/// Hand-written MigrationTables with MySQL statements, for the tests against
/// a real MariaDB (retortc's MySQL dialect is tested end to end elsewhere).
#pragma once

#include "test_tables.h"

namespace retort::testing {

constexpr Revision MakeMysqlRevision(
    const char* id, const char* source, const std::uint32_t* parents,
    std::uint32_t parent_count, StatementList up, StatementList down,
    const std::uint32_t* irreversible = nullptr,
    std::uint32_t irreversible_count = 0) {
  return Revision{id,
                  "mysql test",
                  source,
                  {id, id, id},
                  parents,
                  parent_count,
                  nullptr,
                  0,
                  nullptr,
                  0,
                  irreversible,
                  irreversible_count,
                  {kNoStatements, up},
                  {kNoStatements, down}};
}

// ---------------------------------------------------------------------------
// kMysql: 0001_users (with a short sleep so concurrent migrators overlap),
// 0002_sites (table + index), 0003_email (add column), 0004_tags.
// ---------------------------------------------------------------------------
namespace mysql {
inline constexpr std::uint32_t kP0[] = {0};
inline constexpr std::uint32_t kP1[] = {1};
inline constexpr std::uint32_t kP2[] = {2};

inline constexpr Statement kUp0[] = {
    {"CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50))", 4, 0},
    {"DO SLEEP(0.3)", 7, 1}};
inline constexpr Statement kDown0[] = {{"DROP TABLE users", 4, 0}};
inline constexpr Statement kUp1[] = {
    {"CREATE TABLE sites (id INT PRIMARY KEY, name VARCHAR(50))", 4, 0},
    {"CREATE INDEX ix_sites_name ON sites (name)", 9, 1},
    {"DO SLEEP(0.2)", 12, 2}};
inline constexpr Statement kDown1[] = {
    {"DROP INDEX ix_sites_name ON sites", 9, 1}, {"DROP TABLE sites", 4, 0}};
inline constexpr Statement kUp2[] = {
    {"ALTER TABLE users ADD COLUMN email VARCHAR(100)", 4, 0}};
inline constexpr Statement kDown2[] = {
    {"ALTER TABLE users DROP COLUMN email", 4, 0}};
inline constexpr Statement kUp3[] = {
    {"CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(20))", 4, 0}};
inline constexpr Statement kDown3[] = {{"DROP TABLE tags", 4, 0}};

// 0002_raw: a raw sql block of two statements whose second fails, so the
// first cannot be compensated.
inline constexpr Statement kRawUp[] = {
    {"CREATE TABLE raw_a (id INT)", 6, 0},
    {"INSERT INTO raw_missing VALUES (1)", 6, 0}};
inline constexpr Statement kRawDown[] = {{"DROP TABLE raw_a", 6, 0}};

inline constexpr Revision kRevisions[] = {
    MakeMysqlRevision("0001_users", "0001_users.mig", nullptr, 0, List(kUp0),
                      List(kDown0)),
    MakeMysqlRevision("0002_sites", "0002_sites.mig", kP0, 1, List(kUp1),
                      List(kDown1)),
    MakeMysqlRevision("0003_email", "0003_email.mig", kP1, 1, List(kUp2),
                      List(kDown2)),
    MakeMysqlRevision("0004_tags", "0004_tags.mig", kP2, 1, List(kUp3),
                      List(kDown3)),
};
inline constexpr Revision kRawRevisions[] = {
    kRevisions[0],
    MakeMysqlRevision("0002_raw", "0002_raw.mig", kP0, 1, List(kRawUp),
                      List(kRawDown)),
};
}  // namespace mysql

inline constexpr table::MigrationTable kMysqlTable{
    table::kAbiVersion, "test", mysql::kRevisions,
    sizeof(mysql::kRevisions) / sizeof(mysql::kRevisions[0]), 3u};
inline constexpr table::MigrationTable kMysqlRawTable{
    table::kAbiVersion, "test", mysql::kRawRevisions,
    sizeof(mysql::kRawRevisions) / sizeof(mysql::kRawRevisions[0]), 3u};

}  // namespace retort::testing
