// costmodel_print_estimate SCENARIO.json: prints the contract's estimate document for a scenario file,
// priced with the catalog the scenario names. The Python tests compare its output with the command line's
// (`costmodel estimate FILE --format json`) and with Python's `costmodel.estimate(path).to_dict()`.

#include <exception>
#include <iostream>

#include "costmodel/costmodel.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: costmodel_print_estimate SCENARIO.json\n";
        return 64;
    }
    try {
        const costmodel::scenario s = costmodel::load_scenario(argv[1]);
        const costmodel::estimate_result result = costmodel::estimate(s, *costmodel::catalog_named(s.catalog));
        std::cout << costmodel::estimate_to_json(result, &s.settings) << '\n';
    } catch (const std::exception& error) {
        std::cerr << "costmodel_print_estimate: " << error.what() << '\n';
        return 2;
    }
    return 0;
}
