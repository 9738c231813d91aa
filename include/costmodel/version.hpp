#pragma once

namespace costmodel {
inline constexpr const char* version = "0.1.0";
}  // namespace costmodel
