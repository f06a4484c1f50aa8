/// Edit distance, for "did you mean '...'?" notes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort::check {

std::size_t EditDistance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if it is close enough to be a typo.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates);

}  // namespace retort::check
