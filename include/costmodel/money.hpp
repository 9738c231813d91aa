#pragma once
// costmodel::Money — an exact Decimal amount in one currency.
//
// Money adds and subtracts only within one currency; mixing currencies throws currency_mismatch naming
// both, never converts. Scaling by a Decimal (quantity, rate, share) rounds once to 10 fractional
// digits like Decimal multiplication; rounding to the currency's minor units happens only on request.

#include <iosfwd>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "costmodel/currency.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/rounding.hpp"

namespace costmodel {

class currency_mismatch : public std::invalid_argument {
public:
    currency_mismatch(currency left, currency right, const char* operation)
        : std::invalid_argument(std::string("cannot ") + operation + " " + std::string(left.code()) + " and " +
                                std::string(right.code()) + ": amounts in different currencies") {}
};

class Money {
public:
    constexpr Money(Decimal amount, currency code) noexcept : amount_(amount), currency_(code) {}
    // Money("12.50", "USD"): exact from text.
    Money(std::string_view amount, std::string_view code) : amount_(Decimal::parse(amount)), currency_(code) {}

    [[nodiscard]] static constexpr Money zero(currency code) noexcept { return Money(Decimal(), code); }

    [[nodiscard]] constexpr Decimal amount() const noexcept { return amount_; }
    [[nodiscard]] constexpr currency currency_code() const noexcept { return currency_; }

    [[nodiscard]] friend Money operator+(Money a, Money b) {
        a.require_same(b, "add");
        return Money(a.amount_ + b.amount_, a.currency_);
    }
    [[nodiscard]] friend Money operator-(Money a, Money b) {
        a.require_same(b, "subtract");
        return Money(a.amount_ - b.amount_, a.currency_);
    }
    Money& operator+=(Money b) { return *this = *this + b; }
    Money& operator-=(Money b) { return *this = *this - b; }
    [[nodiscard]] Money operator-() const noexcept { return Money(-amount_, currency_); }

    [[nodiscard]] Money scaled(Decimal factor, rounding_mode mode = default_rounding) const {
        return Money(Decimal::multiply(amount_, factor, mode), currency_);
    }
    [[nodiscard]] Money divided(Decimal divisor, rounding_mode mode = default_rounding) const {
        return Money(Decimal::divide(amount_, divisor, mode), currency_);
    }
    [[nodiscard]] friend Money operator*(Money m, Decimal factor) { return m.scaled(factor); }
    [[nodiscard]] friend Money operator*(Decimal factor, Money m) { return m.scaled(factor); }
    [[nodiscard]] friend Money operator/(Money m, Decimal divisor) { return m.divided(divisor); }
    // The ratio of two amounts of one currency (a share, a growth factor): a plain Decimal.
    [[nodiscard]] friend Decimal operator/(Money a, Money b) {
        a.require_same(b, "divide");
        return a.amount_ / b.amount_;
    }

    // Rounded to the currency's minor units (USD cents, JPY yen) with `mode`.
    [[nodiscard]] Money round_to_minor_units(rounding_mode mode = default_rounding) const {
        return Money(amount_.round(currency_.minor_units(), mode), currency_);
    }

    // Equality is exact and includes the currency: 1 USD != 1 EUR, and "1.0" USD == "1" USD.
    friend constexpr bool operator==(Money a, Money b) noexcept = default;
    // Ordering only within one currency.
    [[nodiscard]] friend bool operator<(Money a, Money b) {
        a.require_same(b, "compare");
        return a.amount_ < b.amount_;
    }
    [[nodiscard]] friend bool operator>(Money a, Money b) { return b < a; }
    [[nodiscard]] friend bool operator<=(Money a, Money b) { return !(b < a); }
    [[nodiscard]] friend bool operator>=(Money a, Money b) { return !(a < b); }

    // "12.5 USD"
    [[nodiscard]] std::string to_string() const { return amount_.to_string() + " " + std::string(currency_.code()); }
    friend std::ostream& operator<<(std::ostream& os, const Money& m);

private:
    Decimal amount_;
    currency currency_;

    void require_same(Money other, const char* operation) const {
        if (currency_ != other.currency_) throw currency_mismatch(currency_, other.currency_, operation);
    }
};

}  // namespace costmodel

template <>
struct std::hash<costmodel::Money> {
    [[nodiscard]] std::size_t operator()(const costmodel::Money& m) const noexcept {
        return std::hash<costmodel::Decimal>{}(m.amount()) ^ (std::hash<std::string_view>{}(m.currency_code().code()) << 1);
    }
};
