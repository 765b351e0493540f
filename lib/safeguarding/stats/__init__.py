"""Statistical methods: confidence intervals and statistical process control."""
