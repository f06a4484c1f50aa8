/// The few JSON helpers `migrate --json` needs: a quoted, escaped string.
#pragma once

#include <string>
#include <string_view>

namespace retort::runtime {

/// `text` as a JSON string literal, quotes included.
std::string JsonString(std::string_view text);

}  // namespace retort::runtime
