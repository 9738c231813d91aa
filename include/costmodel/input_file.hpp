#pragma once
// Reading an input file at the edge, for every parser: the text of a regular file of at most
// `limits.max_file_bytes`, checked to be UTF-8 (a UTF-8 byte order mark is accepted and left in place;
// UTF-16 and UTF-32 are refused with what to do about it). Every refusal is an input_error naming the
// file: a path with an embedded NUL, a missing or unreadable file, a directory, a FIFO or device, a
// file over the limit, invalid UTF-8 (with its byte offset).

#include <string>
#include <string_view>

#include "costmodel/read_limits.hpp"

namespace costmodel {

// `what` names the input in the messages: "cannot read catalog (no such file)".
[[nodiscard]] std::string read_input_file(const std::string& path, const read_limits& limits = {},
                                          std::string_view what = "the file");

// The encoding checks of read_input_file on text already in memory; `source` names it in errors.
void check_input_encoding(std::string_view text, const std::string& source);

}  // namespace costmodel
