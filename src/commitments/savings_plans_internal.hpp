#pragma once
// Shared by the Savings Plans core and its JSON edge (internal).

#include <span>
#include <string>

#include "costmodel/commitments/savings_plans.hpp"

namespace costmodel::detail {

// validate() with the JSON path of each usage definition (usage_paths[i] for definition.usage[i];
// empty: "usage[i]").
void validate_commitments(const commitments_definition& definition, const std::string& source,
                          std::span<const std::string> usage_paths);

}  // namespace costmodel::detail
