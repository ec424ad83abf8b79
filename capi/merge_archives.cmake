# Runs `ar -M` on an MRI script (CREATE/ADDLIB/SAVE) to merge static
# libraries into one archive. Usage: cmake -DAR=ar -DMRI=script -P this.
execute_process(COMMAND ${AR} -M INPUT_FILE ${MRI} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "merging archives failed (${rc}): ${err}")
endif()
