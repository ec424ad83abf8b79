namespace rulejit::rt { int events_placeholder = 0; }
