#include "schedule_json.hpp"

#include <array>
#include <span>
#include <utility>

#include "../did_you_mean.hpp"

namespace costmodel::commitments {

namespace {

constexpr std::array<std::string_view, 6> kind_names = {"always", "business_hours", "weekdays", "daily", "weekly", "hours"};

schedule_kind read_kind(const std::string& name, const std::string& source, const std::string& path) {
    for (std::size_t i = 0; i < kind_names.size(); ++i) {
        if (name == kind_names[i]) return static_cast<schedule_kind>(i);
    }
    const auto near = detail::nearest_name(name, std::span<const std::string_view>(kind_names));
    const std::string shown = "\"" + detail::printable(name) + "\"";
    throw input_error(source, path, "unknown schedule " + shown + " (" + (near ? "did you mean \"" + std::string(*near) + "\"? " : std::string()) +
                                        "expected always, business_hours, weekdays, daily, weekly or hours)",
                      shown);
}

std::int32_t read_hour(const detail::json& value, const std::string& source, const std::string& path) {
    const Decimal number = detail::read_decimal(value, source, path);
    if (!number.is_integer() || number < Decimal() || number > Decimal(100000)) {
        throw input_error(source, path, "expected a whole number of hours >= 0, got " + number.to_string(), number.to_string());
    }
    return static_cast<std::int32_t>(number.units() / Decimal::units_per_one);
}

const detail::json& require_array(const detail::json& value, const std::string& source, const std::string& path) {
    if (!value.is_array()) throw input_error(source, path, "expected an array, got " + detail::describe(value), detail::describe(value));
    return value;
}

}  // namespace

schedule read_schedule(const detail::json& value, const std::string& source, const std::string& path) {
    schedule result;
    if (value.is_string()) {
        result.kind = read_kind(std::string(value.text()), source, path);
        if (result.kind == schedule_kind::daily || result.kind == schedule_kind::weekly || result.kind == schedule_kind::hours) {
            throw input_error(source, path, "a " + std::string(to_string(result.kind)) + " schedule needs its values: write {\"kind\": \"" +
                                                std::string(to_string(result.kind)) + "\", " +
                                                (result.kind == schedule_kind::hours ? "\"hours\"" : "\"profile\"") + ": [...]}",
                              "\"" + std::string(value.text()) + "\"");
        }
        return result;
    }
    if (!value.is_object()) {
        throw input_error(source, path, "expected a schedule name or an object with \"kind\", got " + detail::describe(value), detail::describe(value));
    }
    detail::json_object_reader reader(value, source, path);
    result.kind = read_kind(reader.required_string("kind"), source, reader.path_of("kind"));
    switch (result.kind) {
        case schedule_kind::business_hours:
            if (const auto start = reader.value("start_hour")) result.start_hour = read_hour(*start, source, reader.path_of("start_hour"));
            if (const auto end = reader.value("end_hour")) result.end_hour = read_hour(*end, source, reader.path_of("end_hour"));
            break;
        case schedule_kind::daily:
        case schedule_kind::weekly: {
            const auto profile = reader.value("profile");
            if (!profile) reader.fail("profile", "missing required key");
            const std::string at = reader.path_of("profile");
            std::size_t i = 0;
            for (const detail::json weight : require_array(*profile, source, at)) {
                result.profile.push_back(detail::read_decimal(weight, source, at + "[" + std::to_string(i++) + "]"));
            }
            break;
        }
        case schedule_kind::hours: {
            const auto hours = reader.value("hours");
            if (!hours) reader.fail("hours", "missing required key");
            const std::string at = reader.path_of("hours");
            std::size_t i = 0;
            for (const detail::json hour : require_array(*hours, source, at)) {
                result.hours.push_back(read_hour(hour, source, at + "[" + std::to_string(i++) + "]"));
            }
            break;
        }
        case schedule_kind::always:
        case schedule_kind::weekdays: break;
    }
    reader.finish();
    return result;
}

void write_schedule(detail::json_writer& out, const schedule& s) {
    const bool plain = s.kind == schedule_kind::always || s.kind == schedule_kind::weekdays ||
                       (s.kind == schedule_kind::business_hours && s.default_business_day());
    if (plain) {
        out.value(to_string(s.kind));
        return;
    }
    out.open('{');
    out.member("kind", to_string(s.kind));
    if (s.kind == schedule_kind::business_hours) {
        out.key("start_hour");
        out.literal(std::to_string(s.start_hour));
        out.key("end_hour");
        out.literal(std::to_string(s.end_hour));
    } else if (s.kind == schedule_kind::hours) {
        out.key("hours");
        out.open('[');
        for (const std::int32_t h : s.hours) {
            out.literal(std::to_string(h));
        }
        out.close(']');
    } else {
        out.key("profile");
        out.open('[');
        for (const Decimal& w : s.profile) {
            out.literal(w.to_string());
        }
        out.close(']');
    }
    out.close('}');
}

void check_schedule(const schedule& s, std::int32_t hours, const std::string& source, const std::string& path) {
    switch (s.kind) {
        case schedule_kind::business_hours:
            if (s.start_hour < 0 || s.start_hour > 23) {
                throw input_error(source, path + ".start_hour", "expected an hour from 0 to 23, got " + std::to_string(s.start_hour),
                                  std::to_string(s.start_hour));
            }
            if (s.end_hour <= s.start_hour || s.end_hour > 24) {
                throw input_error(source, path + ".end_hour",
                                  "expected an hour after start_hour (" + std::to_string(s.start_hour) + ") and at most 24, got " + std::to_string(s.end_hour),
                                  std::to_string(s.end_hour));
            }
            break;
        case schedule_kind::daily:
        case schedule_kind::weekly: {
            const std::size_t expected = s.kind == schedule_kind::daily ? 24 : 168;
            if (s.profile.size() != expected) {
                throw input_error(source, path + ".profile",
                                  "a " + std::string(to_string(s.kind)) + " profile has " + std::to_string(expected) + " weights, got " +
                                      std::to_string(s.profile.size()),
                                  std::to_string(s.profile.size()) + " values");
            }
            for (std::size_t i = 0; i < s.profile.size(); ++i) {
                if (s.profile[i].is_negative()) {
                    throw input_error(source, path + ".profile[" + std::to_string(i) + "]", "expected a weight >= 0, got " + s.profile[i].to_string(),
                                      s.profile[i].to_string());
                }
            }
            break;
        }
        case schedule_kind::hours:
            for (std::size_t i = 0; i < s.hours.size(); ++i) {
                const std::string at = path + ".hours[" + std::to_string(i) + "]";
                if (s.hours[i] < 0 || s.hours[i] >= hours) {
                    throw input_error(source, at, "expected an hour of the month from 0 to " + std::to_string(hours - 1) + ", got " + std::to_string(s.hours[i]),
                                      std::to_string(s.hours[i]));
                }
                if (i > 0 && s.hours[i] <= s.hours[i - 1]) {
                    throw input_error(source, at, "hours must be ascending without repeats, got " + std::to_string(s.hours[i]) + " after " +
                                                      std::to_string(s.hours[i - 1]),
                                      std::to_string(s.hours[i]));
                }
            }
            break;
        case schedule_kind::always:
        case schedule_kind::weekdays: break;
    }
}

}  // namespace costmodel::commitments
