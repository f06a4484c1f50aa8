/// Writes new .mig files: the template of `retortc revision` and the merge
/// revision of `retortc merge`.
#pragma once

#include <string>
#include <vector>

namespace retort::emit {

struct NewRevision {
  std::string id;
  std::vector<std::string> parents;
  std::string message;
  std::string branch_label;  ///< empty for none
  bool merge = false;
};

/// The next id after `existing`: a 4-digit sequence number one above the
/// largest numeric prefix, then the message as a slug: 0007_add_user_prefs.
std::string NextRevisionId(const std::vector<std::string>& existing,
                           const std::string& message);

std::string RenderNewRevision(const NewRevision& revision);

}  // namespace retort::emit
