// costmodel_print_savings_plans FILE.json: prints the result document of a costmodel/commitments/v1
// file as C++ makes it. The Python tests compare it with `costmodel savings-plans FILE --format json`
// and with `costmodel.apply_savings_plans(path).to_dict()`.

#include <exception>
#include <iostream>

#include "costmodel/commitments/savings_plans.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: costmodel_print_savings_plans FILE.json\n";
        return 64;
    }
    try {
        const costmodel::commitments_document document = costmodel::load_commitments(argv[1]);
        const costmodel::savings_plans_result result = costmodel::apply_savings_plans(document);
        std::cout << costmodel::savings_plans_to_json(result, document.series) << '\n';
    } catch (const std::exception& error) {
        std::cerr << "costmodel_print_savings_plans: " << error.what() << '\n';
        return 2;
    }
    return 0;
}
