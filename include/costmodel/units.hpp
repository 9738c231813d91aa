#pragma once
// Usage units as types. A quantity<gb_second> cannot be added to a quantity<vcpu_hour>, and a price
// per GB-second multiplies only a quantity of GB-seconds: a mismatch does not compile.
//
// The catalog is data and names its units as text ("GB-second"); each unit type carries that name, and
// pricing checks that the catalog's unit is the one the service model metered.

#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/money.hpp"

namespace costmodel {

namespace units {
#define COSTMODEL_DEFINE_UNIT(type, text) \
    struct type {                         \
        static constexpr std::string_view name = text; \
    }
COSTMODEL_DEFINE_UNIT(request, "request");
COSTMODEL_DEFINE_UNIT(gb_second, "GB-second");
COSTMODEL_DEFINE_UNIT(gb_hour, "GB-hour");
COSTMODEL_DEFINE_UNIT(vcpu_hour, "vCPU-hour");
COSTMODEL_DEFINE_UNIT(dpu_hour, "DPU-hour");
COSTMODEL_DEFINE_UNIT(tb, "TB");
COSTMODEL_DEFINE_UNIT(gb, "GB");
COSTMODEL_DEFINE_UNIT(gb_month, "GB-month");
COSTMODEL_DEFINE_UNIT(object_month, "object-month");
COSTMODEL_DEFINE_UNIT(metric_month, "metric-month");
COSTMODEL_DEFINE_UNIT(dashboard_month, "dashboard-month");
COSTMODEL_DEFINE_UNIT(alarm_month, "alarm-month");
COSTMODEL_DEFINE_UNIT(state_transition, "state-transition");
COSTMODEL_DEFINE_UNIT(token, "token");
COSTMODEL_DEFINE_UNIT(event, "event");
COSTMODEL_DEFINE_UNIT(endpoint_hour, "endpoint-hour");
COSTMODEL_DEFINE_UNIT(gateway_hour, "gateway-hour");
COSTMODEL_DEFINE_UNIT(instance_hour, "instance-hour");
COSTMODEL_DEFINE_UNIT(month, "month");
#undef COSTMODEL_DEFINE_UNIT
}  // namespace units

template <class Unit>
class quantity {
public:
    using unit = Unit;
    constexpr quantity() = default;
    constexpr explicit quantity(Decimal value) noexcept : value_(value) {}
    [[nodiscard]] constexpr Decimal value() const noexcept { return value_; }
    [[nodiscard]] static constexpr std::string_view unit_name() noexcept { return Unit::name; }

    [[nodiscard]] friend constexpr quantity operator+(quantity a, quantity b) { return quantity(a.value_ + b.value_); }
    [[nodiscard]] friend constexpr quantity operator-(quantity a, quantity b) { return quantity(a.value_ - b.value_); }
    friend constexpr bool operator==(quantity, quantity) noexcept = default;
    friend constexpr auto operator<=>(quantity a, quantity b) noexcept { return a.value_ <=> b.value_; }

private:
    Decimal value_;
};

template <class Unit>
class unit_price {
public:
    using unit = Unit;
    constexpr explicit unit_price(Money per_unit) noexcept : per_unit_(per_unit) {}
    [[nodiscard]] constexpr Money per_unit() const noexcept { return per_unit_; }

private:
    Money per_unit_;
};

// Usage times its price is money: the only product of a quantity and a price that compiles.
template <class Unit>
[[nodiscard]] Money operator*(quantity<Unit> usage, unit_price<Unit> price) {
    return price.per_unit().scaled(usage.value());
}
template <class Unit>
[[nodiscard]] Money operator*(unit_price<Unit> price, quantity<Unit> usage) {
    return usage * price;
}

}  // namespace costmodel
