import { createApp } from 'vue';
import App from './App.vue';
import './styles/app.css';
import './styles/print.css';

createApp(App).mount('#app');
