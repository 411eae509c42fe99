Component({
  methods: {
    onLoad() {
      // Static text: nothing to load.
    },
  },
})
