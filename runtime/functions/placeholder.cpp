namespace rulejit::rt { int functions_placeholder = 0; }
