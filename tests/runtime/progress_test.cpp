// Where the runner writes progress rows on databases without transactional
// DDL (runner.h ProgressPoint): before the first statement, inside an
// operation, and around raw SQL; nowhere else.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "runner.h"
#include "test_tables.h"

namespace retort::testing {
namespace {

using runtime::ProgressMessage;
using runtime::ProgressPoint;
using runtime::ProgressSpanEnd;

// The progress points of a list, as 1-based statement numbers.
std::vector<std::uint32_t> Points(const StatementList& list) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t k = 0; k < list.count; ++k) {
    if (ProgressPoint(list, k)) out.push_back(k + 1);
  }
  return out;
}

TEST_CASE("progress: one row covers a run of declarative operations") {
  const Statement s[] = {{"a", 1, 0}, {"b", 2, 1}, {"c", 3, 2}};
  const StatementList list = List(s);
  CHECK(Points(list) == std::vector<std::uint32_t>{1});
  CHECK(ProgressSpanEnd(list, 0) == 2);
  CHECK(ProgressMessage(list, 0) == "statements 1 to 3 may have run");
}

TEST_CASE("progress: a statement inside an operation has its own row") {
  // Operation 1 is two statements (InnoDB's drop of a foreign key's index).
  const Statement s[] = {{"a", 1, 0}, {"b", 2, 1}, {"c", 2, 1}, {"d", 3, 2}, {"e", 4, 3}};
  const StatementList list = List(s);
  CHECK(Points(list) == std::vector<std::uint32_t>{1, 3});
  CHECK(ProgressMessage(list, 0) == "statements 1 to 2 may have run");
  CHECK(ProgressSpanEnd(list, 2) == 4);
  CHECK(ProgressMessage(list, 2) == "statements 3 to 5 may have run");
}

TEST_CASE("progress: raw SQL and the statement after it have rows of their own") {
  const Statement s[] = {{"a", 1, 0},       {"b", 2, 1, true}, {"c", 3, 2},
                         {"d", 4, 3},       {"e", 5, 4, true}, {"f", 5, 4, true}};
  const StatementList list = List(s);
  CHECK(Points(list) == std::vector<std::uint32_t>{1, 2, 3, 5, 6});
  CHECK(ProgressMessage(list, 1) == "statement 2 may have run");
  CHECK(ProgressMessage(list, 2) == "statements 3 to 4 may have run");
  CHECK(ProgressMessage(list, 5) == "statement 6 may have run");
}

TEST_CASE("progress: a revision without statements") {
  const StatementList none{nullptr, 0};
  CHECK(Points(none).empty());
  CHECK(ProgressMessage(none, 0) == "no statements");
}

}  // namespace
}  // namespace retort::testing
