/// The fuzz target's input format, shared with the test that replays
/// fuzz/regressions/: one project per input, its parts separated by NUL
/// bytes; the first part is retort.toml (empty: none), each later one a .mig.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "source/source_file.h"

namespace retort::fuzz {

/// Adds the input's files to `sources` as the directory "m".
inline void AddProject(std::string_view input, source::SourceSet& sources) {
  std::size_t start = 0;
  for (int part = 0; start <= input.size(); ++part) {
    std::size_t end = input.find('\0', start);
    if (end == std::string_view::npos) end = input.size();
    std::string text(input.substr(start, end - start));
    if (part == 0) {
      if (!text.empty()) sources.Add("m/retort.toml", std::move(text));
    } else {
      char name[32];
      std::snprintf(name, sizeof name, "m/%04d.mig", part);
      sources.Add(name, std::move(text));
    }
    start = end + 1;
  }
}

}  // namespace retort::fuzz
