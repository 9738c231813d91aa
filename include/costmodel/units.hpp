#pragma once
// Usage units: one list, a runtime enum. A price meets a quantity in the rate stage, row by row over a
// table, so the check that a price per GB-second is applied only to GB-seconds is made there, on the
// enum, for every line (and fails with the SKU and both units named). Catalogs are data and name their
// units as text ("GB-second"); that text is turned into the enum once, when the catalog is built.
//
// Service models spell the unit of what they meter with a tag, `quantity<units::gb_second>(x)`: the
// tag is only the enum's name at the call site (`Unit::id`), read when the usage is recorded.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"

namespace costmodel {

// X(enumerator, text): the one list. The text is what catalogs and estimates write.
#define COSTMODEL_USAGE_UNITS(X)          \
    X(request, "request")                 \
    X(gb_second, "GB-second")             \
    X(gb_hour, "GB-hour")                 \
    X(vcpu_hour, "vCPU-hour")             \
    X(dpu_hour, "DPU-hour")               \
    X(tb, "TB")                           \
    X(gb, "GB")                           \
    X(gb_month, "GB-month")               \
    X(object_month, "object-month")       \
    X(metric_month, "metric-month")       \
    X(dashboard_month, "dashboard-month") \
    X(alarm_month, "alarm-month")         \
    X(state_transition, "state-transition") \
    X(token, "token")                     \
    X(event, "event")                     \
    X(endpoint_hour, "endpoint-hour")     \
    X(gateway_hour, "gateway-hour")       \
    X(instance_hour, "instance-hour")     \
    X(month, "month")

enum class usage_unit : std::uint8_t {
#define COSTMODEL_UNIT_ENUMERATOR(id, text) id,
    COSTMODEL_USAGE_UNITS(COSTMODEL_UNIT_ENUMERATOR)
#undef COSTMODEL_UNIT_ENUMERATOR
};

inline constexpr auto usage_unit_names = std::to_array<std::string_view>({
#define COSTMODEL_UNIT_TEXT(id, text) text,
    COSTMODEL_USAGE_UNITS(COSTMODEL_UNIT_TEXT)
#undef COSTMODEL_UNIT_TEXT
});
inline constexpr std::size_t usage_unit_count = usage_unit_names.size();

[[nodiscard]] constexpr std::string_view to_string(usage_unit unit) noexcept {
    return usage_unit_names[static_cast<std::size_t>(unit)];
}

// The unit a catalog names, or nothing when it is not one of the list.
[[nodiscard]] constexpr std::optional<usage_unit> parse_usage_unit(std::string_view text) noexcept {
    for (std::size_t i = 0; i < usage_unit_count; ++i) {
        if (usage_unit_names[i] == text) return static_cast<usage_unit>(i);
    }
    return std::nullopt;
}

// "request, GB-second, ...": for messages that list what is accepted.
[[nodiscard]] inline std::string usage_unit_list() {
    std::string text;
    for (std::string_view name : usage_unit_names) text += (text.empty() ? "" : ", ") + std::string(name);
    return text;
}

namespace units {
#define COSTMODEL_UNIT_TAG(unit_id, text)                           \
    struct unit_id {                                                \
        static constexpr usage_unit id = usage_unit::unit_id;       \
        static constexpr std::string_view name = text;              \
    };
COSTMODEL_USAGE_UNITS(COSTMODEL_UNIT_TAG)
#undef COSTMODEL_UNIT_TAG
}  // namespace units

// An amount of usage as a service model meters it, with its unit spelt at the call site.
template <class Unit>
class quantity {
public:
    using unit = Unit;
    constexpr quantity() = default;
    constexpr explicit quantity(Decimal value) noexcept : value_(value) {}
    [[nodiscard]] constexpr Decimal value() const noexcept { return value_; }
    [[nodiscard]] static constexpr usage_unit unit_id() noexcept { return Unit::id; }
    [[nodiscard]] static constexpr std::string_view unit_name() noexcept { return Unit::name; }

    [[nodiscard]] friend constexpr quantity operator+(quantity a, quantity b) { return quantity(a.value_ + b.value_); }
    [[nodiscard]] friend constexpr quantity operator-(quantity a, quantity b) { return quantity(a.value_ - b.value_); }
    friend constexpr bool operator==(quantity, quantity) noexcept = default;
    friend constexpr auto operator<=>(quantity a, quantity b) noexcept { return a.value_ <=> b.value_; }

private:
    Decimal value_;
};

}  // namespace costmodel
