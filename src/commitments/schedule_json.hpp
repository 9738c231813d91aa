#pragma once
// A workload's "schedule" as JSON (internal to the scenario reader and writer).
//
//   "schedule": "always" | "business_hours" | "weekdays"
//   "schedule": {"kind": "business_hours", "start_hour": 8, "end_hour": 18}
//   "schedule": {"kind": "daily", "profile": [24 weights]}
//   "schedule": {"kind": "weekly", "profile": [168 weights, Monday 00:00 first]}
//   "schedule": {"kind": "hours", "hours": [0-based hours of the month]}

#include <string>

#include "costmodel/commitments/schedule.hpp"
#include "../json_input.hpp"
#include "../json_writer.hpp"

namespace costmodel::commitments {

// Reads the value's types and shape (numbers exactly); the ranges are validate()'s. Throws
// input_error naming source and path ("workloads[2].schedule.profile[5]").
[[nodiscard]] schedule read_schedule(const detail::json& value, const std::string& source, const std::string& path);

// The schedule as read_schedule reads it back (the string form where there is one).
void write_schedule(detail::json_writer& out, const schedule& s);

// The ranges: business hours within a day, a profile of 24 or 168 weights >= 0, hours ascending and
// within the month. `path` is the schedule's ("workloads[2].schedule"); `hours` the month's length.
void check_schedule(const schedule& s, std::int32_t hours, const std::string& source, const std::string& path);

}  // namespace costmodel::commitments
