/// How the introspection commands of retortc report a failure.
#pragma once

#include <ostream>
#include <string>

namespace retort::introspect {

/// `retortc: error: MESSAGE` and, when given, `retortc: note: NOTE`; 1.
inline int Fail(std::ostream& err, const std::string& message, const std::string& note = "") {
  err << "retortc: error: " << message << "\n";
  if (!note.empty()) err << "retortc: note: " << note << "\n";
  return 1;
}

}  // namespace retort::introspect
