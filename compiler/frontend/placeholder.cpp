namespace rulejit { int frontend_placeholder = 0; }
