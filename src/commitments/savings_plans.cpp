// The Savings Plans walk (savings_plans.hpp): validation, the precedence order of each plan (computed
// once: it depends only on rates), and the hour-by-hour walk over the quantity matrix at scale 20.

#include "costmodel/commitments/savings_plans.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

#include "../did_you_mean.hpp"
#include "../json_document.hpp"
#include "costmodel/input_error.hpp"
#include "savings_plans_internal.hpp"

namespace costmodel {

namespace {

using detail::int256;
using rep = __int128;

constexpr rep units_per_one = Decimal::units_per_one;  // 10^10: scale 20 -> scale 10

std::string in_quotes(std::string_view text) { return "\"" + detail::printable(text) + "\""; }

std::string suggestion(std::string_view written, const std::vector<std::string_view>& known) {
    const auto near = detail::nearest_name(written, known);
    return near ? " (did you mean \"" + std::string(*near) + "\"?)" : std::string();
}

// ---- the two integer widths of the walk -----------------------------------------------------------

template <class Wide>
[[nodiscard]] Wide widen(rep value) {
    if constexpr (std::is_same_v<Wide, rep>) {
        return value;
    } else {
        const int256 magnitude = detail::to_int256(Decimal::magnitude_of(value));
        return value < 0 ? int256(-magnitude) : magnitude;
    }
}

// round(magnitude / divisor), half-even, for magnitude >= 0 and divisor > 0. The remainder is compared
// with divisor - remainder so that nothing doubles past the type's range.
template <class Wide>
[[nodiscard]] Wide divide_half_even(const Wide& magnitude, const Wide& divisor) {
    Wide quotient = magnitude / divisor;
    const Wide remainder = magnitude - quotient * divisor;
    const Wide rest = divisor - remainder;
    if (remainder > rest || (remainder == rest && quotient % 2 != 0)) quotient += 1;
    return quotient;
}

// A scale-20 figure reported at scale 10, half-even (std::overflow_error beyond the Decimal range).
template <class Wide>
[[nodiscard]] Decimal report(const Wide& scale20) {
    const bool negative = scale20 < 0;
    const Wide magnitude = negative ? Wide(-scale20) : scale20;
    const Wide rounded = divide_half_even<Wide>(magnitude, widen<Wide>(units_per_one));
    rep units = 0;
    if constexpr (std::is_same_v<Wide, rep>) {
        units = rounded;
    } else {
        if (rounded > detail::to_int256(Decimal::max_units)) throw std::overflow_error("savings plans: a figure is beyond the Decimal range (limit 10^28 - 10^-10)");
        units = static_cast<rep>(detail::from_int256(rounded));
    }
    return Decimal::from_units(negative ? -units : units);
}

// A sum of scale-10 units as a Decimal (std::overflow_error beyond the Decimal range).
template <class Wide>
[[nodiscard]] Decimal units_of(const Wide& units) {
    if constexpr (std::is_same_v<Wide, rep>) {
        return Decimal::from_units(units);
    } else {
        const bool negative = units < 0;
        const int256 magnitude = negative ? int256(-units) : units;
        if (magnitude > detail::to_int256(Decimal::max_units)) throw std::overflow_error("savings plans: a figure is beyond the Decimal range (limit 10^28 - 10^-10)");
        const auto value = static_cast<rep>(detail::from_int256(magnitude));
        return Decimal::from_units(negative ? -value : value);
    }
}

// scale-10 units of a quotient scale20 / rate (rate in scale-10 units): a partial unit.
template <class Wide>
[[nodiscard]] rep partial_units(const Wide& remaining20, rep rate_units) {
    const Wide units = divide_half_even<Wide>(remaining20, widen<Wide>(rate_units));
    if constexpr (std::is_same_v<Wide, rep>) {
        return units;
    } else {
        return static_cast<rep>(detail::from_int256(units));  // < the usage's own units: fits
    }
}

template <class Wide>
[[nodiscard]] int256 to_wide(const Wide& value) {
    if constexpr (std::is_same_v<Wide, rep>) return widen<int256>(value);
    else return value;
}

// part / whole (both scale 20) at scale 10, half-even, in 256 bits; none when whole is zero. Both are
// >= 0 here (used and covered amounts).
template <class Wide>
[[nodiscard]] std::optional<Decimal> ratio(const Wide& part20, const Wide& whole20) {
    if (whole20 == 0) return std::nullopt;
    if constexpr (std::is_same_v<Wide, rep>) {
        // Most hours: part x 10^10 fits 128 bits (part below about 1.7 x 10^8 at scale 20's units).
        constexpr rep limit = (std::numeric_limits<rep>::max)() / units_per_one;
        if (part20 <= limit) return Decimal::from_units(divide_half_even<rep>(part20 * units_per_one, whole20));
    }
    const int256 quotient = divide_half_even<int256>(to_wide(part20) * int256(units_per_one), to_wide(whole20));
    return Decimal::from_units(static_cast<rep>(detail::from_int256(quotient)));
}

// ---- precedence -----------------------------------------------------------------------------------

struct plan_step {
    std::uint32_t usage;  // index into the definitions
    rep rate;             // the plan's rate for it, scale-10 units
};

// The usage a plan covers, in its order: highest savings percentage first, i.e. the lowest ratio
// rate / on_demand (compared exactly: rate_a * od_b < rate_b * od_a); then the lower rate; then input order.
std::vector<plan_step> precedence(const commitments_definition& definition, const savings_plan& plan) {
    std::vector<plan_step> steps;
    for (std::size_t u = 0; u < definition.usage.size(); ++u) {
        const usage_definition& line = definition.usage[u];
        if (plan.type == plan_type::compute) {
            if (line.compute_rate) steps.push_back({static_cast<std::uint32_t>(u), line.compute_rate->units()});
        } else if (line.ec2_instance_rate && line.family == plan.family && line.region == plan.region) {
            steps.push_back({static_cast<std::uint32_t>(u), line.ec2_instance_rate->units()});
        }
    }
    std::stable_sort(steps.begin(), steps.end(), [&](const plan_step& a, const plan_step& b) {
        const rep od_a_units = definition.usage[a.usage].on_demand_rate.units();
        const rep od_b_units = definition.usage[b.usage].on_demand_rate.units();
        constexpr rep small = rep(1) << 62;  // products of two such values fit 128 bits
        if (a.rate < small && b.rate < small && od_a_units < small && od_b_units < small) {
            const rep left = a.rate * od_b_units;
            const rep right = b.rate * od_a_units;
            if (left != right) return left < right;
            if (a.rate != b.rate) return a.rate < b.rate;
            return a.usage < b.usage;
        }
        const int256 od_a = widen<int256>(definition.usage[a.usage].on_demand_rate.units());
        const int256 od_b = widen<int256>(definition.usage[b.usage].on_demand_rate.units());
        const int256 left = widen<int256>(a.rate) * od_b;
        const int256 right = widen<int256>(b.rate) * od_a;
        if (left != right) return left < right;
        if (a.rate != b.rate) return a.rate < b.rate;
        return a.usage < b.usage;
    });
    return steps;
}

// ---- the walk -------------------------------------------------------------------------------------

struct prepared {
    std::vector<std::vector<plan_step>> orders;  // per plan, in application order
    std::vector<std::size_t> plan_order;         // plan indices: EC2 Instance plans, then Compute, each in input order
    std::vector<rep> reserved_units;             // per usage (0: none)
    std::vector<rep> on_demand;                  // per usage, scale-10 units
    rep reserved_charges20 = 0;                  // per hour, scale 20 (fits: checked by the bound)
    int256 reserved_charges_wide = 0;
    bool reserved_priced = false;
};

template <class Wide>
struct totals_accumulator {
    Wide equivalent{}, on_demand{}, used{}, covered_equivalent{};
    Wide commitment{};  // scale 10
};

template <class Wide>
savings_plans_totals finish_totals(const totals_accumulator<Wide>& t, const Wide& reserved20, bool reserved_priced) {
    const Wide commitment20 = t.commitment * widen<Wide>(units_per_one);
    const Wide total20 = t.on_demand + commitment20 + reserved20;
    savings_plans_totals out;
    out.on_demand_equivalent = report<Wide>(t.equivalent);
    out.on_demand_charges = report<Wide>(t.on_demand);
    out.commitment_charges = units_of<Wide>(t.commitment);
    out.commitment_used = report<Wide>(t.used);
    out.commitment_unused = report<Wide>(commitment20 - t.used);
    out.reserved_charges = report<Wide>(reserved20);
    out.reserved_priced = reserved_priced;
    out.covered_on_demand_equivalent = report<Wide>(t.covered_equivalent);
    out.total = report<Wide>(total20);
    out.savings = report<Wide>(t.equivalent - total20);
    out.utilization = ratio<Wide>(t.used, commitment20);
    out.coverage = ratio<Wide>(t.covered_equivalent, t.equivalent);
    return out;
}

// Which walk a matrix admits, decided block by block as the walk reads it: the bound on every product
// and sum needs the largest quantity, and finding it in a pass of its own would read the whole matrix
// twice. Each block of hours is checked just before it is walked (it is then in cache); a block that
// needs a wider walk stops this one, and the wider one starts again from the first hour. Every sum a
// stopped walk made stayed within the bound of the quantities it had seen, so nothing overflowed.
enum class width : std::uint8_t { small, narrow, wide };  // 64-bit operands, 128-bit, 256-bit

struct width_check {
    const commitments_definition* definition = nullptr;
    std::span<const rep> units;
    std::size_t n = 0;
    std::size_t hours = 0;
    std::size_t products_per_hour = 0;  // usage + reserved + 2
    rep max_rate = 0;                   // on-demand, plan and RI rates
    rep max_quantity = 0;               // RI units and the quantities scanned so far
    int256 fixed_per_hour = 0;          // commitments (scale 20, twice) and RI charges
    std::size_t scanned_hours = 0;

    [[nodiscard]] width needed() const {
        const int256 q = widen<int256>(max_quantity);
        const int256 per_hour = q * widen<int256>(max_rate) * int256(products_per_hour) + fixed_per_hour + q * int256(n + 1);
        if (per_hour * int256(hours + 1) >= (int256(1) << 125)) return width::wide;
        if (std::max(max_quantity, max_rate) >= (rep(1) << 63)) return width::narrow;
        return width::small;
    }

    // Scans the hours [scanned_hours, end): refuses a negative quantity, raises max_quantity.
    void scan(std::size_t end) {
        if (end <= scanned_hours) return;
        const std::span<const rep> block = units.subspan(scanned_hours * n, (end - scanned_hours) * n);
        // The common case in a loop the compiler vectorises: every high word zero means every quantity
        // lies in [0, 2^64); only otherwise does the exact check run.
        std::uint64_t high_words = 0;
        std::uint64_t largest_low = 0;
        for (const rep q : block) {
            const auto bits = static_cast<unsigned __int128>(q);
            high_words |= static_cast<std::uint64_t>(bits >> 64);
            largest_low = std::max(largest_low, static_cast<std::uint64_t>(bits));
        }
        if (high_words == 0) {
            max_quantity = std::max(max_quantity, static_cast<rep>(largest_low));
        } else {
            for (std::size_t i = 0; i < block.size(); ++i) {
                const rep q = block[i];
                if (q < 0) {
                    const std::size_t h = scanned_hours + i / n;
                    const std::size_t u = i % n;
                    throw input_error("<usage hours>", "hours[" + std::to_string(h) + "]." + definition->usage[u].id,
                                      "expected a quantity >= 0, got " + Decimal::from_units(q).to_string(),
                                      Decimal::from_units(q).to_string());
                }
                max_quantity = std::max(max_quantity, q);
            }
        }
        scanned_hours = end;
    }
};

// Returns false when a block of hours needs a wider walk than `mode` (result is then to be discarded).
template <class Wide, bool Small>
bool walk(const commitments_definition& definition, const prepared& prep, std::span<const rep> quantities, std::size_t hours,
          const std::vector<std::string>& labels, width_check& check, width mode, savings_plans_result& result) {
    const std::size_t n = definition.usage.size();
    const std::size_t plan_count = definition.savings_plans.size();
    const bool lines = result.detail == savings_plans_detail::lines;
    const Wide scale = widen<Wide>(units_per_one);

    std::vector<Wide> commitment20(plan_count);
    Wide commitment_per_hour{};
    for (std::size_t p = 0; p < plan_count; ++p) {
        const rep c = definition.savings_plans[p].commitment_per_hour.units();
        commitment20[p] = widen<Wide>(c) * scale;
        commitment_per_hour += widen<Wide>(c);
    }
    Wide reserved20{};
    if constexpr (std::is_same_v<Wide, rep>) reserved20 = prep.reserved_charges20;
    else reserved20 = prep.reserved_charges_wide;

    // Scratch of one hour, reused: no allocation inside the loop.
    std::vector<rep> left_units(n), reserved(n), covered_units(n);
    std::vector<Wide> covered_cost(n);
    struct cover {
        std::uint32_t usage, plan;
        rep units;
        Wide cost;
    };
    std::vector<cover> covers;
    covers.reserve(n);

    // Sums over the hours.
    // Sums of units: 128 bits on the narrow walk (the bound covers them), 256 on the wide one.
    std::vector<Wide> sum_quantity(n), sum_reserved(n);
    std::vector<Wide> pair_units(plan_count * n);
    std::vector<Wide> pair_cost(plan_count * n);
    std::vector<Wide> plan_used(plan_count), hour_used(plan_count);
    totals_accumulator<Wide> all;

    auto& plan_hours = result.plan_hours;
    auto& ph_hour = plan_hours.add_int64("hour");
    auto& ph_plan = plan_hours.add_string("plan");
    auto& ph_commitment = plan_hours.add_decimal("commitment");
    auto& ph_used = plan_hours.add_decimal("used");
    auto& ph_unused = plan_hours.add_decimal("unused");
    plan_hours.reserve(hours * plan_count);

    table::table& ul = result.usage_lines;
    auto& ul_hour = ul.add_int64("hour");
    auto& ul_usage = ul.add_string("usage");
    auto& ul_quantity = ul.add_decimal("quantity");
    auto& ul_reserved = ul.add_decimal("reserved_units");
    auto& ul_covered_units = ul.add_decimal("covered_units");
    auto& ul_covered_cost = ul.add_decimal("covered_cost");
    auto& ul_od_units = ul.add_decimal("on_demand_units");
    auto& ul_od_cost = ul.add_decimal("on_demand_cost");
    table::table& cl = result.covered_lines;
    auto& cl_hour = cl.add_int64("hour");
    auto& cl_usage = cl.add_string("usage");
    auto& cl_plan = cl.add_string("plan");
    auto& cl_units = cl.add_decimal("units");
    auto& cl_cost = cl.add_decimal("cost");
    if (lines) ul.reserve(hours * n);
    // Dictionary codes in definition order, so the line tables hold int32 codes, not text, per row.
    std::vector<std::int32_t> usage_code(n), plan_code(plan_count), cl_usage_code(n), ph_plan_code(plan_count);
    for (std::size_t u = 0; u < n; ++u) {
        usage_code[u] = ul_usage.intern(definition.usage[u].id);
        cl_usage_code[u] = cl_usage.intern(definition.usage[u].id);
    }
    for (std::size_t p = 0; p < plan_count; ++p) {
        plan_code[p] = cl_plan.intern(definition.savings_plans[p].id);
        ph_plan_code[p] = ph_plan.intern(definition.savings_plans[p].id);
    }

    const bool any_reserved = !definition.reserved_instances.empty();
    result.hour_totals.reserve(hours);
    const auto product = [](rep a, rep b) -> Wide {
        if constexpr (Small) {
            // Both operands below 2^63: one 64 x 64 -> 128-bit multiply.
            return static_cast<rep>(static_cast<std::int64_t>(a)) * static_cast<std::int64_t>(b);
        } else {
            return widen<Wide>(a) * widen<Wide>(b);
        }
    };
    const rep* const on_demand_rate = prep.on_demand.data();
    const rep* const reserved_units = prep.reserved_units.data();
    rep* const left = left_units.data();
    // Blocks of about 256 KiB of quantities: checked, then walked while they are in cache.
    const std::size_t block_hours = std::max<std::size_t>(1, 16384 / std::max<std::size_t>(1, n));
    for (std::size_t h = 0; h < hours; ++h) {
        if (h % block_hours == 0) {
            check.scan(std::min(hours, h + block_hours));
            if (check.needed() > mode) return false;
        }
        const rep* row = quantities.data() + h * n;
        totals_accumulator<Wide> hour;
        hour.commitment = commitment_per_hour;
        // Reserved units come off first. Locals (registers) accumulate; the sums over the hours of a
        // usage are kept in units and multiplied by its rate once at the end.
        Wide equivalent{}, reserved_equivalent{};
        if (any_reserved) {
            for (std::size_t u = 0; u < n; ++u) {
                const rep q = row[u];
                const rep take = std::min(q, reserved_units[u]);
                reserved[u] = take;
                left[u] = q - take;
                equivalent += product(q, on_demand_rate[u]);
                reserved_equivalent += product(take, on_demand_rate[u]);
                sum_quantity[u] += widen<Wide>(q);
                sum_reserved[u] += widen<Wide>(take);
            }
        } else {
            for (std::size_t u = 0; u < n; ++u) {
                const rep q = row[u];
                left[u] = q;
                equivalent += product(q, on_demand_rate[u]);
                sum_quantity[u] += widen<Wide>(q);
            }
        }
        covers.clear();
        Wide covered_equivalent{};
        for (const std::size_t p : prep.plan_order) {
            Wide remaining_commitment = commitment20[p];
            Wide* const pair_units_of_plan = pair_units.data() + p * n;
            Wide* const pair_cost_of_plan = pair_cost.data() + p * n;
            for (const plan_step& step : prep.orders[p]) {
                if (remaining_commitment == 0) break;
                rep& remaining = left[step.usage];
                if (remaining == 0) continue;
                Wide cost = product(remaining, step.rate);
                rep units = remaining;
                if (cost <= remaining_commitment) {
                    remaining_commitment -= cost;
                    remaining = 0;
                } else {
                    // A partial unit: what the commitment still buys, rounded half-even; its cost is
                    // exactly the commitment left.
                    units = partial_units<Wide>(remaining_commitment, step.rate);
                    cost = remaining_commitment;
                    remaining_commitment = Wide{};
                    remaining -= units;
                }
                pair_units_of_plan[step.usage] += widen<Wide>(units);
                pair_cost_of_plan[step.usage] += cost;
                covered_equivalent += product(units, on_demand_rate[step.usage]);
                if (lines) covers.push_back({step.usage, static_cast<std::uint32_t>(p), units, cost});
            }
            const Wide used = commitment20[p] - remaining_commitment;
            hour.used += used;
            plan_used[p] += used;
            hour_used[p] = used;
        }
        // What is left is on demand: every unit is reserved, covered or left.
        hour.equivalent = equivalent;
        hour.covered_equivalent = covered_equivalent;
        hour.on_demand = equivalent - reserved_equivalent - covered_equivalent;
        for (std::size_t p = 0; p < plan_count; ++p) {  // in input order
            ph_hour.append(static_cast<std::int64_t>(h));
            ph_plan.append_code(ph_plan_code[p]);
            ph_commitment.append(definition.savings_plans[p].commitment_per_hour);
            ph_used.append(report<Wide>(hour_used[p]));
            ph_unused.append(report<Wide>(commitment20[p] - hour_used[p]));
        }
        if (lines) {
            for (const cover& c : covers) {
                covered_units[c.usage] += c.units;
                covered_cost[c.usage] += c.cost;
                cl_hour.append(static_cast<std::int64_t>(h));
                cl_usage.append_code(cl_usage_code[c.usage]);
                cl_plan.append_code(plan_code[c.plan]);
                cl_units.append_units(c.units);
                cl_cost.append(report<Wide>(c.cost));
            }
            for (std::size_t u = 0; u < n; ++u) {
                ul_hour.append(static_cast<std::int64_t>(h));
                ul_usage.append_code(usage_code[u]);
                ul_quantity.append_units(row[u]);
                ul_reserved.append_units(any_reserved ? reserved[u] : 0);
                ul_covered_units.append_units(covered_units[u]);
                ul_covered_cost.append(report<Wide>(covered_cost[u]));
                ul_od_units.append_units(left[u]);
                ul_od_cost.append(report<Wide>(product(left[u], on_demand_rate[u])));
            }
            for (const cover& c : covers) {
                covered_units[c.usage] = 0;
                covered_cost[c.usage] = Wide{};
            }
        }
        result.hour_totals.push_back(finish_totals<Wide>(hour, reserved20, prep.reserved_priced));
        all.equivalent += hour.equivalent;
        all.on_demand += hour.on_demand;
        all.used += hour.used;
        all.covered_equivalent += hour.covered_equivalent;
        all.commitment += commitment_per_hour;
    }
    const Wide all_reserved = reserved20 * widen<Wide>(static_cast<rep>(hours));
    result.totals = finish_totals<Wide>(all, all_reserved, prep.reserved_priced);

    // Per usage, summed.
    table::table& usage = result.usage;
    auto& u_id = usage.add_string("usage");
    auto& u_quantity = usage.add_decimal("quantity");
    auto& u_reserved = usage.add_decimal("reserved_units");
    auto& u_covered_units = usage.add_decimal("covered_units");
    auto& u_covered_cost = usage.add_decimal("covered_cost");
    auto& u_od_units = usage.add_decimal("on_demand_units");
    auto& u_od_cost = usage.add_decimal("on_demand_cost");
    auto& u_equivalent = usage.add_decimal("on_demand_equivalent");
    for (std::size_t u = 0; u < n; ++u) {
        const Wide od = widen<Wide>(prep.on_demand[u]);
        Wide covered_units_sum{};
        Wide covered_cost_sum{};
        for (std::size_t p = 0; p < plan_count; ++p) {
            covered_units_sum += pair_units[p * n + u];
            covered_cost_sum += pair_cost[p * n + u];
        }
        u_id.append(definition.usage[u].id);
        u_quantity.append(units_of<Wide>(sum_quantity[u]));
        u_reserved.append(units_of<Wide>(sum_reserved[u]));
        u_covered_units.append(units_of<Wide>(covered_units_sum));
        u_covered_cost.append(report<Wide>(covered_cost_sum));
        const Wide on_demand_units = sum_quantity[u] - sum_reserved[u] - covered_units_sum;
        u_od_units.append(units_of<Wide>(on_demand_units));
        u_od_cost.append(report<Wide>(on_demand_units * od));
        u_equivalent.append(report<Wide>(sum_quantity[u] * od));
    }

    // Per usage and plan, summed: in usage order, then the order the plans applied.
    table::table& covered = result.covered;
    auto& c_usage = covered.add_string("usage");
    auto& c_plan = covered.add_string("plan");
    auto& c_units = covered.add_decimal("units");
    auto& c_cost = covered.add_decimal("cost");
    for (std::size_t u = 0; u < n; ++u) {
        for (const std::size_t p : prep.plan_order) {
            const std::size_t k = p * n + u;
            if (pair_units[k] == 0 && pair_cost[k] == 0) continue;
            c_usage.append(definition.usage[u].id);
            c_plan.append(definition.savings_plans[p].id);
            c_units.append(units_of<Wide>(pair_units[k]));
            c_cost.append(report<Wide>(pair_cost[k]));
        }
    }

    // Per plan, summed, in input order.
    table::table& plans = result.plans;
    auto& p_id = plans.add_string("plan");
    auto& p_type = plans.add_string("type");
    auto& p_commitment = plans.add_decimal("commitment");
    auto& p_used = plans.add_decimal("used");
    auto& p_unused = plans.add_decimal("unused");
    auto& p_utilization = plans.add_decimal("utilization", true);
    for (std::size_t p = 0; p < plan_count; ++p) {
        const savings_plan& plan = definition.savings_plans[p];
        const Wide commitment = commitment20[p] * widen<Wide>(static_cast<rep>(hours));
        p_id.append(plan.id);
        p_type.append(to_string(plan.type));
        p_commitment.append(report<Wide>(commitment));
        p_used.append(report<Wide>(plan_used[p]));
        p_unused.append(report<Wide>(commitment - plan_used[p]));
        if (const auto u = ratio<Wide>(plan_used[p], commitment)) p_utilization.append(*u);
        else p_utilization.append_null();
    }

    // Per hour.
    table::table& ht = result.hour_table;
    auto& t_hour = ht.add_int64("hour");
    auto& t_label = ht.add_string("label");
    auto& t_equivalent = ht.add_decimal("on_demand_equivalent");
    auto& t_od = ht.add_decimal("on_demand_charges");
    auto& t_commitment = ht.add_decimal("commitment_charges");
    auto& t_used = ht.add_decimal("commitment_used");
    auto& t_unused = ht.add_decimal("commitment_unused");
    auto& t_reserved = ht.add_decimal("reserved_charges");
    auto& t_total = ht.add_decimal("total");
    auto& t_savings = ht.add_decimal("savings");
    auto& t_utilization = ht.add_decimal("utilization", true);
    auto& t_coverage = ht.add_decimal("coverage", true);
    ht.reserve(hours);
    for (std::size_t h = 0; h < hours; ++h) {
        const savings_plans_totals& t = result.hour_totals[h];
        t_hour.append(static_cast<std::int64_t>(h));
        t_label.append(h < labels.size() ? std::string_view(labels[h]) : std::string_view());
        t_equivalent.append(t.on_demand_equivalent);
        t_od.append(t.on_demand_charges);
        t_commitment.append(t.commitment_charges);
        t_used.append(t.commitment_used);
        t_unused.append(t.commitment_unused);
        t_reserved.append(t.reserved_charges);
        t_total.append(t.total);
        t_savings.append(t.savings);
        if (t.utilization) t_utilization.append(*t.utilization);
        else t_utilization.append_null();
        if (t.coverage) t_coverage.append(*t.coverage);
        else t_coverage.append_null();
    }
    return true;
}

}  // namespace

namespace detail {

void validate_commitments(const commitments_definition& definition, const std::string& source,
                          std::span<const std::string> usage_paths) {
    const auto usage_path = [&](std::size_t i) {
        return i < usage_paths.size() && !usage_paths[i].empty() ? usage_paths[i] : "usage[" + std::to_string(i) + "]";
    };
    std::unordered_map<std::string_view, std::size_t> usage_index;
    std::vector<std::string_view> usage_ids;
    for (std::size_t i = 0; i < definition.usage.size(); ++i) {
        const usage_definition& line = definition.usage[i];
        const std::string path = usage_path(i);
        if (line.id.empty()) throw input_error(source, path + ".id", "a usage id must not be empty", "\"\"");
        if (!usage_index.emplace(line.id, i).second) {
            throw input_error(source, path + ".id",
                              "duplicate usage id " + in_quotes(line.id) + " (first at " + usage_path(usage_index[line.id]) + ")",
                              in_quotes(line.id));
        }
        usage_ids.push_back(line.id);
        if (line.on_demand_rate.is_negative()) {
            throw input_error(source, path + ".on_demand_rate", "expected a number >= 0, got " + line.on_demand_rate.to_string(),
                              line.on_demand_rate.to_string());
        }
        const auto check_rate = [&](const std::optional<Decimal>& rate, const char* name) {
            if (!rate) return;
            const std::string where = path + ".rates." + name;
            if (*rate <= Decimal()) {
                throw input_error(source, where, "a Savings Plans rate must be > 0, got " + rate->to_string(), rate->to_string());
            }
            if (*rate > line.on_demand_rate) {
                throw input_error(source, where,
                                  "the " + std::string(name) + " rate " + rate->to_string() + " is above the on-demand rate " +
                                      line.on_demand_rate.to_string() + " (a plan never costs more than on demand)",
                                  rate->to_string());
            }
        };
        check_rate(line.compute_rate, "compute");
        check_rate(line.ec2_instance_rate, "ec2_instance");
    }

    std::vector<std::optional<std::size_t>> reserved_by(definition.usage.size());
    for (std::size_t i = 0; i < definition.reserved_instances.size(); ++i) {
        const reserved_instance& ri = definition.reserved_instances[i];
        const std::string path = "reserved_instances[" + std::to_string(i) + "]";
        const auto found = usage_index.find(ri.usage);
        if (found == usage_index.end()) {
            throw input_error(source, path + ".usage", "no usage with id " + in_quotes(ri.usage) + suggestion(ri.usage, usage_ids),
                              in_quotes(ri.usage));
        }
        if (reserved_by[found->second]) {
            throw input_error(source, path + ".usage",
                              "usage " + in_quotes(ri.usage) + " is already reserved by reserved_instances[" +
                                  std::to_string(*reserved_by[found->second]) + "] (give one reserved instance per usage, with the units added)",
                              in_quotes(ri.usage));
        }
        reserved_by[found->second] = i;
        if (ri.units.is_negative()) {
            throw input_error(source, path + ".units", "expected a number >= 0, got " + ri.units.to_string(), ri.units.to_string());
        }
        if (ri.rate && ri.rate->is_negative()) {
            throw input_error(source, path + ".rate", "expected a number >= 0, got " + ri.rate->to_string(), ri.rate->to_string());
        }
    }

    std::unordered_map<std::string_view, std::size_t> plan_index;
    for (std::size_t i = 0; i < definition.savings_plans.size(); ++i) {
        const savings_plan& plan = definition.savings_plans[i];
        const std::string path = "savings_plans[" + std::to_string(i) + "]";
        if (plan.id.empty()) throw input_error(source, path + ".id", "a plan id must not be empty", "\"\"");
        if (!plan_index.emplace(plan.id, i).second) {
            throw input_error(source, path + ".id",
                              "duplicate plan id " + in_quotes(plan.id) + " (first at savings_plans[" + std::to_string(plan_index[plan.id]) + "])",
                              in_quotes(plan.id));
        }
        if (plan.commitment_per_hour.is_negative()) {
            throw input_error(source, path + ".commitment_per_hour", "expected a number >= 0, got " + plan.commitment_per_hour.to_string(),
                              plan.commitment_per_hour.to_string());
        }
        if (plan.type == plan_type::ec2_instance) {
            // A plan of a family and region that no usage line has an ec2_instance rate for would be paid
            // every hour and cover nothing: almost always a misspelling.
            bool applies = false;
            std::vector<std::string_view> families;
            std::vector<std::string_view> regions;
            for (const usage_definition& line : definition.usage) {
                if (!line.ec2_instance_rate) continue;
                families.push_back(line.family);
                if (line.family == plan.family) regions.push_back(line.region);
                if (line.family == plan.family && line.region == plan.region) applies = true;
            }
            if (!applies) {
                if (regions.empty()) {
                    throw input_error(source, path + ".family",
                                      "no usage of family " + in_quotes(plan.family) + " has an ec2_instance rate: the plan would cover nothing" +
                                          suggestion(plan.family, families),
                                      in_quotes(plan.family));
                }
                throw input_error(source, path + ".region",
                                  "no usage of family " + in_quotes(plan.family) + " in region " + in_quotes(plan.region) +
                                      " has an ec2_instance rate: the plan would cover nothing" + suggestion(plan.region, regions),
                                  in_quotes(plan.region));
            }
        }
    }
}

}  // namespace detail

void validate(const commitments_definition& definition, const std::string& source) {
    detail::validate_commitments(definition, source, {});
}

namespace {

// The walk over a matrix the caller holds (no copy): `units` is hours x usage, row-major.
savings_plans_result apply_to(const commitments_definition& definition, std::span<const __int128> units, std::size_t hours,
                              const std::vector<std::string>& labels, const savings_plans_options& options) {
    validate(definition);
    const std::size_t n = definition.usage.size();
    if (units.size() != hours * n) {
        throw std::invalid_argument("apply_savings_plans: the quantity matrix holds " + std::to_string(units.size()) +
                                    " values, not hours x usage = " + std::to_string(hours) + " x " + std::to_string(n));
    }

    prepared prep;
    prep.reserved_units.assign(n, 0);
    prep.on_demand.resize(n);
    std::unordered_map<std::string_view, std::size_t> usage_index;
    for (std::size_t u = 0; u < n; ++u) {
        usage_index.emplace(definition.usage[u].id, u);
        prep.on_demand[u] = definition.usage[u].on_demand_rate.units();
    }

    // The bound that decides the width: every product is at most max_quantity x max_rate, and every sum
    // adds at most (hours + 1) x (usage + reserved + 2) of them, plus the commitments at scale 20 and the
    // quantities themselves.
    width_check check;
    check.definition = &definition;
    check.units = units;
    check.n = n;
    check.hours = hours;
    check.products_per_hour = n + definition.reserved_instances.size() + 2;
    for (const usage_definition& line : definition.usage) {
        check.max_rate = std::max(check.max_rate, line.on_demand_rate.units());
        if (line.compute_rate) check.max_rate = std::max(check.max_rate, line.compute_rate->units());
        if (line.ec2_instance_rate) check.max_rate = std::max(check.max_rate, line.ec2_instance_rate->units());
    }
    int256 reserved_wide = 0;
    for (const reserved_instance& ri : definition.reserved_instances) {
        const std::size_t u = usage_index.at(ri.usage);
        prep.reserved_units[u] = ri.units.units();
        check.max_quantity = std::max(check.max_quantity, ri.units.units());
        if (ri.rate) {
            prep.reserved_priced = true;
            check.max_rate = std::max(check.max_rate, ri.rate->units());
            reserved_wide += widen<int256>(ri.units.units()) * widen<int256>(ri.rate->units());
        }
    }
    int256 commitments20 = 0;
    for (const savings_plan& plan : definition.savings_plans) commitments20 += widen<int256>(plan.commitment_per_hour.units());
    commitments20 *= int256(units_per_one);
    check.fixed_per_hour = commitments20 * 2 + reserved_wide;

    // Plans apply by type (EC2 Instance before Compute), each type in input order.
    prep.orders.resize(definition.savings_plans.size());
    for (const plan_type type : {plan_type::ec2_instance, plan_type::compute}) {
        for (std::size_t p = 0; p < definition.savings_plans.size(); ++p) {
            if (definition.savings_plans[p].type != type) continue;
            prep.plan_order.push_back(p);
            prep.orders[p] = precedence(definition, definition.savings_plans[p]);
        }
    }

    // The narrowest walk the rates and reserved units allow first; a wider one when a block of hours
    // needs it (see width_check).
    for (;;) {
        const width mode = check.needed();
        savings_plans_result result;
        result.hours = hours;
        result.detail = options.detail;
        result.wide_path = mode == width::wide;
        bool finished = false;
        if (mode == width::wide) {
            prep.reserved_charges_wide = reserved_wide;
            finished = walk<int256, false>(definition, prep, units, hours, labels, check, mode, result);
        } else {
            prep.reserved_charges20 = static_cast<rep>(detail::from_int256(reserved_wide));
            finished = mode == width::small ? walk<rep, true>(definition, prep, units, hours, labels, check, mode, result)
                                            : walk<rep, false>(definition, prep, units, hours, labels, check, mode, result);
        }
        if (finished) return result;
    }
}

}  // namespace

savings_plans_result apply_savings_plans(const commitments_definition& definition, std::span<const __int128> quantities,
                                         std::size_t hours, const savings_plans_options& options) {
    static const std::vector<std::string> no_labels;
    return apply_to(definition, quantities, hours, no_labels, options);
}

savings_plans_result apply_savings_plans(const commitments_definition& definition, const usage_hours& quantities,
                                         const savings_plans_options& options) {
    if (quantities.usage_count != definition.usage.size()) {
        throw std::invalid_argument("apply_savings_plans: the quantity matrix has " + std::to_string(quantities.usage_count) +
                                    " usage columns, the definition " + std::to_string(definition.usage.size()) + " usage lines");
    }
    return apply_to(definition, quantities.units, quantities.hours, quantities.labels, options);
}

savings_plans_result apply_savings_plans(const commitments_document& document, const savings_plans_options& options) {
    return apply_savings_plans(document.definition, document.quantities, options);
}

}  // namespace costmodel
