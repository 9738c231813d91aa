#pragma once
// "Did you mean" for a misspelt name (internal): the nearest of the known names by edit distance.

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

namespace costmodel::detail {

// Levenshtein distance between two short names.
[[nodiscard]] inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// How far a misspelling may be from what was meant: one edit in a short name, two in a longer one.
[[nodiscard]] inline std::size_t allowed_edits(std::string_view name) noexcept { return name.size() <= 4 ? 1 : 2; }

// The known name nearest to `written`, when one is close enough to be what was meant.
template <class Names>
[[nodiscard]] std::optional<std::string_view> nearest_name(std::string_view written, const Names& known) {
    std::optional<std::string_view> best;
    std::size_t best_distance = 0;
    for (const std::string_view candidate : known) {
        const std::size_t distance = edit_distance(written, candidate);
        if (distance <= allowed_edits(candidate) && (!best || distance < best_distance)) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

}  // namespace costmodel::detail
