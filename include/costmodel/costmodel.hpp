#pragma once
// Umbrella header: everything a C++ program needs from costmodel.

#include "costmodel/allocate.hpp"
#include "costmodel/catalog.hpp"
#include "costmodel/currency.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/estimate.hpp"
#include "costmodel/exact_ratio.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/json.hpp"
#include "costmodel/money.hpp"
#include "costmodel/rounding.hpp"
#include "costmodel/rounding_policy.hpp"
#include "costmodel/scenario.hpp"
#include "costmodel/units.hpp"
#include "costmodel/usage.hpp"
#include "costmodel/version.hpp"
