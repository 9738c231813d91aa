#pragma once
// What the estimate's commitments stage and the Savings Plan recommendation share: a scenario's
// eligible lines as usage definitions with their plan rates, its reserved instances, and each line
// spread over the month's hours by its workload's schedule (estimate_commitments.cpp).

#include <cstdint>
#include <string>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/commitments/savings_plans.hpp"
#include "costmodel/table/table.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {
struct scenario;
}

namespace costmodel::stages {

// "lambda/duration[arm64]@us-east-1" → its parts; a line priced at a stated rate has no SKU.
struct sku_parts {
    std::string service, usage_type, variant, region;
};

struct eligible_line {
    std::size_t line;  // row of the line table
    std::size_t workload;
    sku_parts sku;     // empty service for a stated price
    std::string service;
    std::string usage_type;
    std::string family;
    std::string region;
};

struct commitment_usage {
    std::int32_t hours = 0;
    std::vector<eligible_line> eligible;       // one per usage definition
    commitments_definition definition;         // usage, the scenario's plans and reserved instances
    std::vector<std::int32_t> usage_of_line;   // per line table row: its usage, or -1
    std::vector<Decimal> reservation_rate;     // per scenario reserved instance
    std::vector<std::int32_t> reservation_usage;
    std::vector<__int128> matrix;              // hours x usage units, row-major
    std::vector<__int128> flat;                // one hour of each usage's monthly average
};

// Steps 1 to 3 of the commitments stage: the lines the scenario's plans (or reservations) can cover,
// the plans and reservations in the mechanism's terms, and the hourly matrix. Throws input_error as
// apply_commitments does.
[[nodiscard]] commitment_usage collect_commitment_usage(const table::table& lines, const scenario& s, const catalog& prices,
                                                        std::vector<warning>& warnings);

}  // namespace costmodel::stages
