/// SHA-256 (FIPS 180-4), for revision checksums.
#pragma once

#include <string>
#include <string_view>

namespace retort::lower {

/// Lowercase hex digest of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace retort::lower
