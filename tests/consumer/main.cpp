// A few figures anyone can check by hand, computed through the installed costmodel headers and library.
// Prints them and exits with status 1 if any differs from the expected text.

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <costmodel/costmodel.hpp>

namespace {

int failures = 0;

void expect(const std::string& what, const std::string& got, const std::string& want) {
    std::cout << what << ": " << got << '\n';
    if (got != want) {
        std::cerr << "wrong " << what << ": got \"" << got << "\", expected \"" << want << "\"\n";
        ++failures;
    }
}

}  // namespace

int main() {
    using costmodel::Decimal;
    using costmodel::Money;

    std::cout << "costmodel " << costmodel::version << '\n';

    // 4 × 0.04048 USD = 0.16192 USD, exactly; to the cent (half-up) 0.16 USD.
    const Money line = Money("0.04048", "USD").scaled(Decimal(4));
    std::ostringstream text;
    text << line;  // operator<< is compiled into the library: this checks linking as well as the headers
    expect("0.04048 USD x 4", text.str(), "0.16192 USD");
    expect("to the cent", costmodel::apply_policy(line, costmodel::rounding_policy::cents).to_string(), "0.16 USD");

    // 100 USD split 1:1:1 in cents: 33.34 + 33.33 + 33.33.
    const std::vector<Decimal> weights = {Decimal(1), Decimal(1), Decimal(1)};
    std::string shares;
    for (const Money& share : costmodel::allocate(Money("100", "USD"), weights, Decimal::parse("0.01"))) {
        if (!shares.empty()) shares += ", ";
        shares += share.to_string();
    }
    expect("100 USD split 1:1:1", shares, "33.34 USD, 33.33 USD, 33.33 USD");

    // 1 ÷ 3 rounded once to 10 places, half-even; and a double converted explicitly.
    expect("1 / 3", (Decimal(1) / Decimal(3)).to_string(), "0.3333333333");
    expect("from_double(0.1)", Decimal::from_double(0.1).to_string(), "0.1");

    // An estimate on the built-in catalog (embedded in the installed library): a Glue job of 2 DPU for
    // 15 minutes, 4 runs a month = 2 DPU-hours × 0.44 USD = 0.88 USD.
    const costmodel::scenario glue = costmodel::parse_scenario(
        R"({"schema": "costmodel/scenario/v1", "name": "consumer", "workloads": [
              {"name": "etl", "service": "glue_job", "dpu": 2, "runs_per_month": 4, "run_minutes": 15}]})",
        "consumer.json");
    expect("Glue 2 DPU x 15 min x 4 runs", costmodel::estimate(glue, costmodel::builtin_catalog()).total.to_string(), "0.88");

    std::cout << (failures == 0 ? "ok" : "FAILED") << '\n';
    return failures == 0 ? 0 : 1;
}
