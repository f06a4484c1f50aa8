/// A compact, self-delimiting encoding of a revision's operations: how the
/// schema the compiler expects travels in the generated table to `migrate`
/// (check, verified stamp, resolve --auto), which replays the operations with
/// SchemaState::Apply as the compiler does, and parses no `.mig` text.
///
/// Format: a sequence of fields; an integer is its decimal digits and ';',
/// a string its byte length, ':' and its bytes; lists are a count and their
/// items, optionals a 0/1 flag and the value. Raw SQL is kept as its kind
/// only (it changes nothing the schema model tracks); source locations are
/// not kept. One pair of functions per type serves both directions.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "front/ast.h"

namespace retort::check {

/// Thrown by DecodeOps on bytes that are not an encoding of operations.
class CodecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string EncodeOps(const std::vector<ast::Op>& ops);
std::vector<ast::Op> DecodeOps(std::string_view bytes);

}  // namespace retort::check
